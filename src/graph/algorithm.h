// Shared shape of the network measures: an algorithm is an object built over
// an immutable Graph (csr.h). The constructor validates the input and the
// options and records any problem; Run() returns that problem or computes;
// the getters may be read only after a successful Run(). Also the small
// parallel-loop helpers the measures use and the conventions every measure
// follows about self-loops and multi-links:
//
//   * Multi-links were merged by GraphBuilder (weights summed), so every
//     measure sees a simple graph.
//   * Self-loops are ignored by every measure: a person calling their own
//     number says nothing about their position in the network. (NetworkX
//     counts a self-loop twice in a node's degree; the oracle tests remove
//     self-loops from the NetworkX graph so that both sides see the same
//     graph. See docs/analysis.md.)
//   * Unless an option says otherwise, path-based measures count hops;
//     with `use_weights` a link's weight is its length (must be > 0).
//
// Thread safety: an algorithm object is used by one thread at a time; it may
// start worker threads of its own inside Run(). Many algorithm objects may
// run concurrently over the same Graph.
#pragma once

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "core/status.h"
#include "graph/csr.h"

namespace disrupt::graph {

// The number of worker threads for `requested` (0 = one per hardware thread).
inline unsigned ResolveThreads(unsigned requested) {
  if (requested != 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

// Calls fn(item, thread) for every item in [0, n) on `threads` threads that
// take chunks of `chunk` items from a shared counter (dynamic scheduling, for
// items of uneven cost such as one traversal per source). `thread` is in
// [0, threads). Runs inline when threads == 1.
template <typename Fn>
void ParallelForDynamic(size_t n, unsigned threads, size_t chunk, Fn&& fn) {
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, (n + chunk - 1) / chunk)));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i, 0u);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&](unsigned t) {
    for (;;) {
      size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
      if (begin >= n) return;
      size_t end = std::min(n, begin + chunk);
      for (size_t i = begin; i < end; ++i) fn(i, t);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
}

// Calls fn(t) once for each t in [0, threads), each on its own thread (t = 0
// on the caller's), and returns when all have returned.
template <typename Fn>
void RunOnThreads(unsigned threads, Fn&& fn) {
  if (threads <= 1) {
    fn(0u);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&fn, t] { fn(t); });
  fn(0u);
  for (auto& th : pool) th.join();
}

// Calls fn(begin, end, thread) once per thread on contiguous, equal slices of
// [0, n) (static scheduling, for items of even cost such as one PageRank
// update per node).
template <typename Fn>
void ParallelForStatic(size_t n, unsigned threads, Fn&& fn) {
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, n / 1024)));
  if (threads <= 1) {
    fn(size_t{0}, n, 0u);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  size_t step = (n + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    size_t b = std::min(n, t * step), e = std::min(n, (t + 1) * step);
    pool.emplace_back([&fn, b, e, t] { fn(b, e, t); });
  }
  fn(size_t{0}, std::min(n, step), 0u);
  for (auto& th : pool) th.join();
}

// Base of the network measures: holds the validation result of the
// constructor and whether Run() succeeded.
class Algorithm {
 public:
  Algorithm(const Algorithm&) = delete;
  Algorithm& operator=(const Algorithm&) = delete;
  virtual ~Algorithm() = default;

  // Computes the measure. Returns the validation error found by the
  // constructor (kInvalidArgument), kUnavailable when cancelled, or the
  // algorithm's own failure (e.g. kFailedPrecondition when an iteration does
  // not converge). May be called again; it recomputes.
  virtual Status Run() = 0;
  bool has_run() const { return has_run_; }

 protected:
  Algorithm() = default;
  void RequireRun() const { assert(has_run_ && "result read before a successful Run()"); }

  Status invalid_;  // set by constructors when input or options are unusable
  bool has_run_ = false;
};

// A measure that gives one number per node.
class NodeScoreAlgorithm : public Algorithm {
 public:
  // One score per node, indexed by NodeIndex. Only after a successful Run().
  const std::vector<double>& scores() const {
    RequireRun();
    return scores_;
  }
  // The `k` nodes with the highest scores, highest first; ties broken by the
  // lower index. O(n log k).
  std::vector<NodeIndex> Top(size_t k) const;

 protected:
  std::vector<double> scores_;
};

// Checks that a graph's weights can serve as link lengths: present, finite
// and > 0. Errors name the first offending link by its node labels.
Status CheckLengths(const Graph& g);

}  // namespace disrupt::graph
