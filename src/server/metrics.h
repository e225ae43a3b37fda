// The server's metrics, rendered in the Prometheus text exposition format
// (version 0.0.4) at /metrics.
//
//   disrupt_http_requests_total{route,method,status}      counter
//   disrupt_http_request_duration_seconds{route}          histogram
//   disrupt_http_requests_in_flight                       gauge
//   disrupt_http_connections_open                         gauge
//   disrupt_http_internal_errors_total                    counter (answers 500)
//   disrupt_http_rate_limited_total                       counter
//   disrupt_store_operation_duration_seconds{op,outcome}  histogram
//   disrupt_policy_denials_total{reason}                  counter
//   disrupt_imports_total{outcome}                        counter
//
// Label values are route patterns, operation names and reason codes: a fixed,
// small set chosen by the code, never user input (which would let a client
// grow the metrics without bound).
//
// Thread-safe. Recording takes one short mutex hold.
#pragma once

#include <array>
#include <functional>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace disrupt::server {

// Upper bounds (seconds) of the latency histogram buckets.
inline constexpr std::array<double, 14> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,    0.25,  0.5,    1,     2.5,  5,    10};

class Histogram {
 public:
  void Observe(double seconds);
  // Appends the _bucket, _sum and _count lines for `name` with `labels`
  // ("route=\"/x\"" or "").
  void Render(std::string& out, std::string_view name, std::string_view labels) const;
  unsigned long long count() const { return count_; }

 private:
  std::array<unsigned long long, kLatencyBuckets.size()> buckets_{};  // not cumulative
  unsigned long long count_ = 0;
  double sum_ = 0;
};

class Metrics {
 public:
  void CountRequest(std::string_view route, std::string_view method, int status, double seconds);
  void CountStoreOperation(std::string_view op, bool ok, double seconds);
  void CountDenial(std::string_view reason);
  void CountRateLimited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  void CountImport(std::string_view outcome);
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  long long in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  // Where the open connections are counted (the HTTP layer); set once, before serving.
  void SetOpenConnections(std::function<long long()> source) { open_connections_ = std::move(source); }

  // The whole exposition text.
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, unsigned long long> requests_;
  std::map<std::string, Histogram, std::less<>> latency_;
  std::map<std::pair<std::string, std::string>, Histogram> store_ops_;
  std::map<std::string, unsigned long long, std::less<>> denials_;
  std::map<std::string, unsigned long long, std::less<>> imports_;
  unsigned long long internal_errors_ = 0;
  std::atomic<long long> in_flight_{0};
  std::function<long long()> open_connections_;
  std::atomic<unsigned long long> rate_limited_{0};
};

// Escapes a label value (backslash, double quote, line feed).
std::string EscapeLabel(std::string_view value);

}  // namespace disrupt::server
