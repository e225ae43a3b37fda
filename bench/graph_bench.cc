// Graph analysis benchmarks, each against igraph (Debian's libigraph, one
// thread) on the same graph in the same run. Plain main; prints one line per
// figure ("name: value unit") for bench/graph.sh to collect.
//
//   graph_bench betweenness N M SOURCES [ours]
//                                         exact betweenness from SOURCES sources
//                                         (the same for both), time per source
//                                         and the extrapolation to all N; with
//                                         `ours`, without igraph
//   graph_bench large N M                 CSV load, CSR build, PageRank,
//                                         components, approximate betweenness
//   graph_bench pagerank N M [ours] [directed]  PageRank alone: ours on 1 and 2
//                                         threads (same bits required), then
//                                         igraph unless `ours`
//   graph_bench components N M            connected components alone: ours on 1
//                                         and 2 threads, then igraph
//   graph_bench catalogue STORE MEMBER    the catalogue view of an analyst of
//                                         MEMBER (clearance SECRET): scan and
//                                         policy time, snapshot build time,
//                                         bytes per link of the snapshot and
//                                         of everything the view holds
//
// Graphs are uniform random (G(n, m), fixed seed), undirected unless asked; the catalogue
// is one made by `disrupt generate` and `disrupt import` (bench/graph.sh).
#include <igraph/igraph.h>
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "analysis/catalogue.h"
#include "audit/security_db.h"
#include "graph/approx_betweenness.h"
#include "graph/centrality.h"
#include "graph/components.h"
#include "graph/csr.h"
#include "policy/release.h"
#include "store/store.h"

using disrupt::graph::Graph;
using disrupt::graph::GraphBuilder;
using disrupt::graph::NodeIndex;

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU seconds (user + system) of the whole process so far: on a shared
// machine the fair comparison next to wall time.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// Anonymous resident bytes now (not the peak; file pages, such as the
// store's memory-mapped database, are not counted), from /proc/self/status.
double ResidentBytes() {
  std::ifstream in("/proc/self/status");
  std::string key;
  double kb = 0;
  while (in >> key) {
    if (key == "RssAnon:") {
      in >> kb;
      break;
    }
    std::getline(in, key);
  }
  return kb * 1024.0;
}

long PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

std::vector<std::pair<NodeIndex, NodeIndex>> RandomLinks(NodeIndex n, uint64_t m, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<NodeIndex> pick(0, n - 1);
  std::vector<std::pair<NodeIndex, NodeIndex>> links;
  links.reserve(m);
  while (links.size() < m) {
    NodeIndex u = pick(rng), v = pick(rng);
    if (u != v) links.push_back({u, v});
  }
  return links;
}

Graph BuildOurs(NodeIndex n, const std::vector<std::pair<NodeIndex, NodeIndex>>& links, double* seconds,
                bool directed = false) {
  GraphBuilder b(disrupt::graph::BuildOptions{directed, true, false});
  for (NodeIndex v = 0; v < n; ++v) b.AddNode(std::to_string(v));
  b.Reserve(links.size());
  double t0 = Now();
  for (auto [u, v] : links) b.AddLink(u, v);
  Graph g = b.Build();
  if (seconds) *seconds = Now() - t0;
  return g;
}

void BuildIgraph(igraph_t* ig, NodeIndex n, const std::vector<std::pair<NodeIndex, NodeIndex>>& links,
                 bool directed = false) {
  igraph_vector_int_t edges;
  igraph_vector_int_init(&edges, static_cast<igraph_integer_t>(links.size() * 2));
  for (size_t i = 0; i < links.size(); ++i) {
    VECTOR(edges)[2 * i] = links[i].first;
    VECTOR(edges)[2 * i + 1] = links[i].second;
  }
  igraph_create(ig, &edges, n, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy(&edges);
  igraph_simplify(ig, true, true, nullptr);  // same merged, loop-free graph as ours
}

int Betweenness(NodeIndex n, uint64_t m, size_t sources, bool ours_only) {
  auto links = RandomLinks(n, m, 42);
  Graph g = BuildOurs(n, links, nullptr);
  std::vector<NodeIndex> subset;
  std::mt19937_64 rng(7);
  for (size_t i = 0; i < sources; ++i) subset.push_back(static_cast<NodeIndex>(rng() % n));
  double t0 = Now(), c0 = CpuSeconds();
  disrupt::graph::Betweenness ours(g, {.normalized = false, .threads = 2, .sources = subset});
  if (!ours.Run().ok()) return 1;
  double t_ours = Now() - t0, c_ours = CpuSeconds() - c0;
  long rss_ours = PeakRssMb();
  if (ours_only) {
    std::printf("betweenness ours (2 threads): %.3f s wall, %.3f s cpu, %.2f ms/source\n", t_ours, c_ours,
                1e3 * t_ours / sources);
    return 0;
  }

  igraph_t ig;
  BuildIgraph(&ig, n, links);
  igraph_vector_int_t src;
  igraph_vector_int_init(&src, static_cast<igraph_integer_t>(subset.size()));
  for (size_t i = 0; i < subset.size(); ++i) VECTOR(src)[i] = subset[i];
  igraph_vs_t vs_src;
  igraph_vs_vector(&vs_src, &src);
  igraph_vector_t res;
  igraph_vector_init(&res, 0);
  t0 = Now();
  double c1 = CpuSeconds();
  igraph_betweenness_subset(&ig, &res, igraph_vss_all(), false, vs_src, igraph_vss_all(), nullptr);
  double t_igraph = Now() - t0, c_igraph = CpuSeconds() - c1;
  // Same sums? (igraph counts each unordered pair once on undirected graphs,
  // ours counts both orders from the chosen sources; compare up to that factor
  // on the nodes' totals.)
  double sum_ours = 0, sum_igraph = 0;
  for (double x : ours.scores()) sum_ours += x;
  for (igraph_integer_t i = 0; i < igraph_vector_size(&res); ++i) sum_igraph += VECTOR(res)[i];
  std::printf("betweenness graph: %u nodes, %llu links\n", g.num_nodes(), static_cast<unsigned long long>(g.num_links()));
  std::printf("betweenness sources: %zu\n", subset.size());
  std::printf("betweenness ours (2 threads): %.3f s, %.2f ms/source, all %u sources ~ %.0f s\n", t_ours,
              1e3 * t_ours / sources, n, t_ours / sources * n);
  std::printf("betweenness igraph (1 thread): %.3f s, %.2f ms/source, all %u sources ~ %.0f s\n", t_igraph,
              1e3 * t_igraph / sources, n, t_igraph / sources * n);
  std::printf("betweenness speedup: %.2fx\n", t_igraph / t_ours);
  std::printf("betweenness cpu time: ours %.3f s (2 threads), igraph %.3f s; igraph cpu / ours cpu = %.2f\n", c_ours,
              c_igraph, c_igraph / c_ours);
  std::printf("betweenness sums ours/igraph: %.6f\n", sum_igraph > 0 ? sum_ours / sum_igraph : 0.0);
  std::printf("betweenness peak rss (ours, before igraph): %ld MB\n", rss_ours);
  igraph_vector_destroy(&res);
  igraph_vs_destroy(&vs_src);
  igraph_vector_int_destroy(&src);
  igraph_destroy(&ig);
  return 0;
}

int Large(NodeIndex n, uint64_t m) {
  auto links = RandomLinks(n, m, 43);
  // CSV load.
  std::string path = (std::filesystem::temp_directory_path() / "disrupt-graph-bench.csv").string();
  {
    std::ofstream out(path);
    out << "source,target\n";
    std::string line;
    for (auto [u, v] : links) {
      line.clear();
      line += std::to_string(u);
      line += ',';
      line += std::to_string(v);
      line += '\n';
      out << line;
    }
  }
  double t0 = Now(), c0 = CpuSeconds();
  auto loaded = disrupt::graph::LoadEdgeList(path, false);
  double t_load = Now() - t0, c_load = CpuSeconds() - c0;
  std::filesystem::remove(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "load failed: %s\n", loaded.status().ToString().c_str());
    return 1;
  }
  std::printf("large graph: %u nodes, %llu links\n", loaded->num_nodes(),
              static_cast<unsigned long long>(loaded->num_links()));
  std::printf("csv load (parse + build): %.3f s wall, %.3f s cpu (2 threads)\n", t_load, c_load);
  double t_build = 0;
  c0 = CpuSeconds();
  Graph g = BuildOurs(n, links, &t_build);
  std::printf("csr build from %llu links: %.3f s wall, %.3f s cpu (2 threads; cpu includes adding the 1M labels)\n",
              static_cast<unsigned long long>(m), t_build, CpuSeconds() - c0);
  size_t adjacency = g.MemoryBytes();
  std::printf("csr memory: %.1f bytes per link (labels and index included)\n",
              static_cast<double>(adjacency) / static_cast<double>(g.num_links()));

  t0 = Now();
  c0 = CpuSeconds();
  disrupt::graph::PageRank pr(g, {.tolerance = 1e-6, .threads = 2});
  if (!pr.Run().ok()) return 1;
  std::printf("pagerank ours (2 threads, L1 change < 1e-6): %.3f s wall, %.3f s cpu, %d iterations\n", Now() - t0,
              CpuSeconds() - c0, pr.iterations());
  t0 = Now();
  c0 = CpuSeconds();
  disrupt::graph::ConnectedComponents cc(g, {2});
  if (!cc.Run().ok()) return 1;
  std::printf("components ours (2 threads): %.3f s wall, %.3f s cpu, %u components\n", Now() - t0, CpuSeconds() - c0,
              cc.num_components());

  igraph_t ig;
  BuildIgraph(&ig, n, links);
  igraph_vector_t prv;
  igraph_vector_init(&prv, 0);
  igraph_real_t value;
  t0 = Now();
  c0 = CpuSeconds();
  igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &prv, &value, igraph_vss_all(), false, 0.85, nullptr, nullptr);
  std::printf("pagerank igraph (PRPACK, 1 thread): %.3f s wall, %.3f s cpu\n", Now() - t0, CpuSeconds() - c0);
  double l1 = 0;
  for (NodeIndex v = 0; v < n; ++v) l1 += std::abs(VECTOR(prv)[v] - pr.scores()[g.Find(std::to_string(v))]);
  std::printf("pagerank L1 distance ours vs igraph: %.2e\n", l1);
  igraph_vector_int_t membership, csize;
  igraph_vector_int_init(&membership, 0);
  igraph_vector_int_init(&csize, 0);
  igraph_integer_t count = 0;
  t0 = Now();
  c0 = CpuSeconds();
  igraph_connected_components(&ig, &membership, &csize, &count, IGRAPH_WEAK);
  std::printf("components igraph (1 thread): %.3f s wall, %.3f s cpu, %lld components\n", Now() - t0, CpuSeconds() - c0,
              static_cast<long long>(count));
  igraph_vector_int_destroy(&membership);
  igraph_vector_int_destroy(&csize);
  igraph_vector_destroy(&prv);
  igraph_destroy(&ig);

  t0 = Now();
  c0 = CpuSeconds();
  disrupt::graph::ApproxBetweenness ab(g, {.epsilon = 0.01, .delta = 0.1, .threads = 2});
  if (!ab.Run().ok()) return 1;
  auto top = ab.Top(100);
  std::printf(
      "approx betweenness top-100 (epsilon 0.01, delta 0.1): %.3f s wall, %.3f s cpu, %llu samples, bound %.4f, top "
      "value %.6f\n",
      Now() - t0, CpuSeconds() - c0, static_cast<unsigned long long>(ab.samples()), ab.error_bound(),
              top.empty() ? 0.0 : ab.scores()[top[0]]);
  std::printf("large peak rss: %ld MB\n", PeakRssMb());
  return 0;
}

int PageRankOnly(NodeIndex n, uint64_t m, bool ours_only, bool directed) {
  auto links = RandomLinks(n, m, 7);
  Graph g = BuildOurs(n, links, nullptr, directed);
  std::printf("pagerank graph: %u nodes, %llu %s links, load average %s\n", g.num_nodes(),
              static_cast<unsigned long long>(g.num_links()), directed ? "directed" : "undirected",
              LoadAverage().c_str());
  std::vector<double> first;
  for (unsigned threads : {1u, 2u}) {
    double t0 = Now(), c0 = CpuSeconds();
    disrupt::graph::PageRank pr(g, {.tolerance = 1e-6, .threads = threads});
    if (!pr.Run().ok()) return 1;
    std::printf("pagerank ours (%u thread%s, L1 change < 1e-6): %.3f s wall, %.3f s cpu, %d iterations\n", threads,
                threads == 1 ? "" : "s", Now() - t0, CpuSeconds() - c0, pr.iterations());
    if (first.empty()) {
      first = pr.scores();
    } else if (first != pr.scores()) {
      std::fprintf(stderr, "pagerank differs between 1 and %u threads\n", threads);
      return 1;
    }
  }
  if (ours_only) return 0;
  igraph_t ig;
  BuildIgraph(&ig, n, links, directed);
  igraph_vector_t prv;
  igraph_vector_init(&prv, 0);
  igraph_real_t value;
  double t0 = Now(), c0 = CpuSeconds();
  igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &prv, &value, igraph_vss_all(), directed, 0.85, nullptr, nullptr);
  std::printf("pagerank igraph (PRPACK, 1 thread): %.3f s wall, %.3f s cpu\n", Now() - t0, CpuSeconds() - c0);
  double l1 = 0;
  for (NodeIndex v = 0; v < n; ++v) l1 += std::abs(VECTOR(prv)[v] - first[g.Find(std::to_string(v))]);
  std::printf("pagerank L1 distance ours vs igraph: %.2e; load average at the end %s\n", l1, LoadAverage().c_str());
  igraph_vector_destroy(&prv);
  igraph_destroy(&ig);
  return 0;
}

int ComponentsOnly(NodeIndex n, uint64_t m) {
  auto links = RandomLinks(n, m, 7);
  Graph g = BuildOurs(n, links, nullptr);
  std::printf("components graph: %u nodes, %llu links, load average %s\n", g.num_nodes(),
              static_cast<unsigned long long>(g.num_links()), LoadAverage().c_str());
  for (unsigned threads : {1u, 2u}) {
    double t0 = Now(), c0 = CpuSeconds();
    disrupt::graph::ConnectedComponents cc(g, {threads});
    if (!cc.Run().ok()) return 1;
    std::printf("components ours (%u thread%s): %.3f s wall, %.3f s cpu, %u components\n", threads,
                threads == 1 ? "" : "s", Now() - t0, CpuSeconds() - c0, cc.num_components());
  }
  igraph_t ig;
  BuildIgraph(&ig, n, links);
  igraph_vector_int_t membership, csize;
  igraph_vector_int_init(&membership, 0);
  igraph_vector_int_init(&csize, 0);
  igraph_integer_t count = 0;
  double t0 = Now(), c0 = CpuSeconds();
  igraph_connected_components(&ig, &membership, &csize, &count, IGRAPH_WEAK);
  std::printf("components igraph (1 thread): %.3f s wall, %.3f s cpu, %lld components; load average at the end %s\n",
              Now() - t0, CpuSeconds() - c0, static_cast<long long>(count), LoadAverage().c_str());
  igraph_vector_int_destroy(&membership);
  igraph_vector_int_destroy(&csize);
  igraph_destroy(&ig);
  return 0;
}

// Heap bytes of a string beyond the object itself (none within the small
// string buffer).
size_t Heap(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

// Bytes a snapshot holds: the graph, the node and link tables with their
// strings, the events (their objects only: their properties are not
// counted, so this is a floor for them) and the place tables.
size_t SnapshotBytes(const disrupt::analysis::Snapshot& s) {
  size_t bytes = s.graph.MemoryBytes();
  bytes += s.nodes.capacity() * sizeof(disrupt::analysis::NodeInfo);
  for (const auto& n : s.nodes) {
    bytes += Heap(n.id) + Heap(n.type) + Heap(n.label) + Heap(n.location);
    for (const auto* list : {&n.countries, &n.networks, &n.nationalities}) {
      bytes += list->capacity() * sizeof(std::string);
      for (const auto& c : *list) bytes += Heap(c);
    }
  }
  bytes += s.links.capacity() * sizeof(disrupt::analysis::LinkInfo);
  for (const auto& l : s.links) bytes += Heap(l.id) + Heap(l.type);
  bytes += s.events.capacity() * sizeof(disrupt::model::Record);
  for (const auto* table : {&s.place_country, &s.place_name}) {
    for (const auto& [k, v] : *table) bytes += 64 + Heap(k) + Heap(v);
  }
  return bytes;
}

int Catalogue(const std::string& uri, const std::string& member) {
  namespace analysis = disrupt::analysis;
  namespace policy = disrupt::policy;
  auto store = disrupt::store::Store::Open(uri);
  if (!store.ok()) {
    std::fprintf(stderr, "open %s: %s\n", uri.c_str(), store.status().ToString().c_str());
    return 1;
  }
  auto members = (*store)->Members();
  auto groups = (*store)->Groups();
  auto db_path = disrupt::audit::PathFromStoreUri(uri);
  if (!members.ok() || !groups.ok() || !db_path.ok()) return 1;
  auto registry = policy::ReleaseRegistry::Open(*db_path, nullptr);
  if (!registry.ok()) return 1;
  auto context = (*registry)->LoadContext();
  if (!context.ok()) return 1;
  policy::GroupDirectory directory(*members, *groups);
  if (!directory.IsMember(member)) {
    std::fprintf(stderr, "no member %s in the catalogue (run disrupt init)\n", member.c_str());
    return 1;
  }
  policy::Principal principal;
  principal.user_id = "member:" + member;
  principal.member = member;
  principal.roles = {policy::Role::kAnalyst};
  principal.clearance = policy::Clearance{disrupt::model::Classification::kSecret, member, disrupt::PartialDate{}};
  principal.groups = directory.GroupsOf(member);

  malloc_trim(0);
  const double rss0 = ResidentBytes();
  double t0 = Now(), c0 = CpuSeconds();
  auto view = analysis::LoadCatalogueView(**store, principal, *context, {});
  double t_view = Now() - t0, c_view = CpuSeconds() - c0;
  if (!view.ok()) {
    std::fprintf(stderr, "catalogue view: %s\n", view.status().ToString().c_str());
    return 1;
  }
  malloc_trim(0);  // give back what the scan freed, so that growth is what the view holds
  const double held = ResidentBytes() - rss0;
  const analysis::Snapshot& snap = *view->snapshot;
  const double links = static_cast<double>(std::max<size_t>(1, snap.links.size()));
  std::printf("catalogue: %zu records scanned, %zu visible to an analyst of %s; snapshot %u nodes, %zu links, %zu "
              "events; load average %s\n",
              view->scanned, view->records.size(), member.c_str(), snap.graph.num_nodes(), snap.links.size(),
              snap.events.size(), LoadAverage().c_str());
  std::printf("catalogue view (scan, policy, snapshot, marking): %.3f s wall, %.3f s cpu, %.1f us per link\n", t_view,
              c_view, 1e6 * t_view / links);
  std::printf("catalogue view resident growth: %.1f MB, %.0f bytes per link (anonymous memory: records, snapshot, store cache)\n",
              held / 1e6, held / links);
  // The snapshot alone, built again from the visible records.
  analysis::SnapshotOptions options;
  options.visible = [](const disrupt::model::Record&) { return true; };
  t0 = Now();
  c0 = CpuSeconds();
  auto again = analysis::BuildSnapshot(view->records, options);
  double t_snap = Now() - t0, c_snap = CpuSeconds() - c0;
  if (!again.ok()) return 1;
  const size_t bytes = SnapshotBytes(**again);
  std::printf("catalogue snapshot build (from records in memory): %.3f s wall, %.3f s cpu, %.2f s per 10 M links\n",
              t_snap, c_snap, t_snap / links * 1e7);
  std::printf("catalogue snapshot: %.1f MB, %.0f bytes per link (graph %.1f B/link; event properties not counted)\n",
              static_cast<double>(bytes) / 1e6, static_cast<double>(bytes) / links,
              static_cast<double>((*again)->graph.MemoryBytes()) / links);
  std::printf("catalogue peak rss: %ld MB\n", PeakRssMb());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  igraph_set_error_handler(igraph_error_handler_printignore);
  std::string what = argc > 1 ? argv[1] : "";
  if (what == "betweenness" && (argc == 5 || argc == 6)) {
    return Betweenness(static_cast<NodeIndex>(std::atoll(argv[2])), std::strtoull(argv[3], nullptr, 10),
                       static_cast<size_t>(std::atoll(argv[4])), argc == 6 && std::string(argv[5]) == "ours");
  }
  if (what == "large" && argc == 4) {
    return Large(static_cast<NodeIndex>(std::atoll(argv[2])), std::strtoull(argv[3], nullptr, 10));
  }
  if (what == "pagerank" && argc >= 4 && argc <= 6) {
    bool ours_only = false, directed = false;
    for (int i = 4; i < argc; ++i) {
      std::string flag = argv[i];
      if (flag == "ours") {
        ours_only = true;
      } else if (flag == "directed") {
        directed = true;
      } else {
        std::fprintf(stderr, "graph_bench pagerank: unknown option %s (ours, directed)\n", argv[i]);
        return 2;
      }
    }
    return PageRankOnly(static_cast<NodeIndex>(std::atoll(argv[2])), std::strtoull(argv[3], nullptr, 10), ours_only,
                        directed);
  }
  if (what == "components" && argc == 4) {
    return ComponentsOnly(static_cast<NodeIndex>(std::atoll(argv[2])), std::strtoull(argv[3], nullptr, 10));
  }
  if (what == "catalogue" && argc == 4) return Catalogue(argv[2], argv[3]);
  std::fprintf(stderr,
               "usage: graph_bench betweenness N M SOURCES [ours] | large N M | pagerank N M [ours] [directed] | components N M | "
               "catalogue STORE MEMBER\n");
  return 2;
}
