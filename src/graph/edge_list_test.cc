// Tests of the edge-list loader and the CSR build behind it. The expected
// graph is rebuilt in each test with std::map and std::set from the same
// links (first appearance order, merged multi-links with summed weights,
// self-loops kept), independently of the loader's hashing, direct arrays
// and parallel counting sort. Files are large enough (over 1 MiB) to be cut
// into one slice per thread and for the build to use several buckets.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <unordered_map>
#include <string>
#include <vector>

#include "graph/csr.h"
#include "testing.h"

namespace disrupt::graph {
namespace {

struct Link {
  std::string u, v;
  double w;
};

// The graph the loader must produce, built the slow and obvious way: nodes
// numbered in order of first appearance through a hash map of labels, each
// node's merged neighbours in an ordered map.
struct Expected {
  std::vector<std::string> order;                   // first appearance
  std::vector<std::map<uint32_t, double>> adjacency;  // by order index, weights summed
};

Expected Oracle(const std::vector<Link>& links, bool directed) {
  Expected e;
  std::unordered_map<std::string, uint32_t> id;
  auto node = [&](const std::string& label) {
    auto [it, fresh] = id.emplace(label, static_cast<uint32_t>(e.order.size()));
    if (fresh) {
      e.order.push_back(label);
      e.adjacency.emplace_back();
    }
    return it->second;
  };
  for (const Link& l : links) {
    uint32_t a = node(l.u), b = node(l.v);
    e.adjacency[a][b] += l.w;
    if (!directed && a != b) e.adjacency[b][a] += l.w;
  }
  return e;
}

void ExpectGraph(const Graph& g, const Expected& e, bool weighted) {
  ASSERT_EQ(g.num_nodes(), e.order.size());
  for (NodeIndex v = 0; v < g.num_nodes(); ++v) {
    ASSERT_EQ(g.label(v), e.order[v]) << "node order differs at " << v;
    ASSERT_EQ(g.Find(e.order[v]), v);
  }
  // With the same node order, node v here is node v of the oracle.
  for (NodeIndex v = 0; v < g.num_nodes(); ++v) {
    auto nbrs = g.Neighbors(v);
    auto ws = g.Weights(v);
    const auto& theirs = e.adjacency[v];
    ASSERT_EQ(nbrs.size(), theirs.size()) << "at " << e.order[v];
    size_t i = 0;
    for (const auto& [u, w] : theirs) {  // ordered by index, as our lists must be
      ASSERT_EQ(nbrs[i], u) << e.order[v];
      if (weighted) {
        EXPECT_NEAR(ws[i], w, 1e-12 * std::max(1.0, std::abs(w)));
      }
      ++i;
    }
  }
}

// Random links over `nodes` labels (numbered from 1,000,000 so that lines
// are long enough for a file of over 1 MiB to stay small), with self-loops
// and repeated pairs.
std::vector<Link> RandomLinks(size_t count, uint32_t nodes, uint64_t seed, const std::string& prefix) {
  constexpr uint32_t kFirst = 1000000;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<uint32_t> pick(0, nodes - 1);
  std::uniform_int_distribution<int> weight(1, 9);
  std::vector<Link> links;
  for (size_t i = 0; i < count; ++i) {
    uint32_t a = pick(rng), b = i % 97 == 0 ? a : pick(rng);
    links.push_back({prefix + std::to_string(kFirst + a), prefix + std::to_string(kFirst + b), weight(rng) * 0.5});
    if (i % 50 == 0) links.push_back(links.back());  // a repeated link
  }
  return links;
}

std::string Write(const testing::TempDir& dir, const std::string& name, const std::vector<Link>& links,
                  bool weighted, const std::string& eol = "\n") {
  std::string path = dir.File(name);
  std::ofstream out(path, std::ios::binary);
  out << (weighted ? "source,target,weight" : "source,target") << eol;
  for (const Link& l : links) {
    out << l.u << ',' << l.v;
    if (weighted) out << ',' << l.w;
    out << eol;
  }
  return path;
}

TEST(EdgeList, IntegerLabelsGiveTheGraphTheOracleBuilds) {
  testing::TempDir dir;
  auto links = RandomLinks(70000, 20000, 1, "");
  for (bool directed : {false, true}) {
    auto g = LoadEdgeList(Write(dir, "int.csv", links, false), directed);
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    ExpectGraph(*g, Oracle(links, directed), false);
  }
}

TEST(EdgeList, IntegerAndTextLabelsGiveTheSameGraph) {
  testing::TempDir dir;
  auto numbers = RandomLinks(70000, 30000, 2, "");
  auto names = numbers;
  for (Link& l : names) {
    l.u = "p" + l.u;
    l.v = "p" + l.v;
  }
  auto a = LoadEdgeList(Write(dir, "numbers.csv", numbers, true), false);
  auto b = LoadEdgeList(Write(dir, "names.csv", names, true), false);
  ASSERT_TRUE(a.ok() && b.ok());
  ExpectGraph(*a, Oracle(numbers, false), true);
  ExpectGraph(*b, Oracle(names, false), true);
  ASSERT_EQ(a->num_nodes(), b->num_nodes());
  ASSERT_EQ(a->num_links(), b->num_links());
  for (NodeIndex v = 0; v < a->num_nodes(); ++v) {
    ASSERT_EQ("p" + a->label(v), b->label(v));
    ASSERT_TRUE(std::equal(a->Neighbors(v).begin(), a->Neighbors(v).end(), b->Neighbors(v).begin(),
                           b->Neighbors(v).end()));
  }
}

TEST(EdgeList, LongTextLabelsAndWindowsLineEnds) {
  testing::TempDir dir;
  // Labels longer than 16 bytes are hashed rather than held inline.
  auto links = RandomLinks(20000, 5000, 3, "member-state-network-actor-");
  auto g = LoadEdgeList(Write(dir, "long.csv", links, true, "\r\n"), true);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  ExpectGraph(*g, Oracle(links, true), true);
}

TEST(EdgeList, NumbersWithLeadingZerosOrSignsAreDistinctLabels) {
  testing::TempDir dir;
  std::vector<Link> links = {{"7", "07", 1}, {"+7", "7", 1}, {"0", "00", 1}, {"7", "0", 1}};
  auto g = LoadEdgeList(Write(dir, "zeros.csv", links, false), false);
  ASSERT_TRUE(g.ok());
  ExpectGraph(*g, Oracle(links, false), false);
  EXPECT_EQ(g->num_nodes(), 5u);
}

TEST(EdgeList, NumericLookupRefusesNonCanonicalForms) {
  testing::TempDir dir;
  auto links = RandomLinks(70000, 1000, 4, "");
  auto g = LoadEdgeList(Write(dir, "numeric.csv", links, false), false);
  ASSERT_TRUE(g.ok());
  EXPECT_NE(g->Find("1000005"), kNoNode);
  EXPECT_EQ(g->label(g->Find("1000005")), "1000005");
  EXPECT_EQ(g->Find("01000005"), kNoNode);
  EXPECT_EQ(g->Find("1000005 "), kNoNode);
  EXPECT_EQ(g->Find("x"), kNoNode);
  EXPECT_EQ(g->Find("5"), kNoNode);        // below the smallest label
  EXPECT_EQ(g->Find("1001000"), kNoNode);  // beyond the largest label
  EXPECT_EQ(g->Find(""), kNoNode);
}

TEST(EdgeList, SparseLargeNumbersFallBackToHashing) {
  testing::TempDir dir;
  // Too sparse for a direct array (and one label beyond 32 bits).
  std::vector<Link> links = {{"4000000000", "3", 1}, {"3", "999999999", 1}, {"12", "999999999", 1}};
  auto g = LoadEdgeList(Write(dir, "sparse.csv", links, false), false);
  ASSERT_TRUE(g.ok());
  ExpectGraph(*g, Oracle(links, false), false);
}

TEST(EdgeList, ErrorsNameLineAndFieldInEitherPath) {
  testing::TempDir dir;
  for (const std::string prefix : {"", "n"}) {
    auto links = RandomLinks(75000, 1000, 5, prefix);
    const size_t bad = 70000;  // in the second slice
    links[bad].v = "";
    auto g = LoadEdgeList(Write(dir, "bad.csv", links, false), false);
    ASSERT_FALSE(g.ok());
    EXPECT_NE(g.status().ToString().find("bad.csv:" + std::to_string(bad + 2) + ":target"), std::string::npos)
        << g.status().ToString();
    EXPECT_NE(g.status().ToString().find("empty target"), std::string::npos);
  }
  // A weight that is not a number, after integer labels.
  {
    std::string path = dir.File("weight.csv");
    std::ofstream(path) << "source,target,weight\n1,2,1.5\n2,3,heavy\n";
    auto g = LoadEdgeList(path, false);
    ASSERT_FALSE(g.ok());
    EXPECT_NE(g.status().ToString().find("weight.csv:3:weight"), std::string::npos) << g.status().ToString();
  }
  // Too few columns.
  {
    std::string path = dir.File("short.csv");
    std::ofstream(path) << "source,target\n1,2\n3\n";
    auto g = LoadEdgeList(path, false);
    ASSERT_FALSE(g.ok());
    EXPECT_NE(g.status().ToString().find("short.csv:3"), std::string::npos) << g.status().ToString();
  }
}

TEST(EdgeList, ColumnsInAnyOrderAndBlankLines) {
  testing::TempDir dir;
  std::string path = dir.File("order.csv");
  std::ofstream(path) << "note,target,weight,source\nx,2,0.5,1\n\ny,3,2,2\nz,2,1.5,1\n";
  auto g = LoadEdgeList(path, false);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  ExpectGraph(*g, Oracle({{"1", "2", 0.5}, {"2", "3", 2}, {"1", "2", 1.5}}, false), true);
}

TEST(EdgeList, MissingFileIsNotFound) {
  auto g = LoadEdgeList("/nonexistent/edges.csv", false);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), StatusCode::kNotFound);
}

TEST(GraphBuilder, ParallelBuildMatchesTheOracle) {
  // Enough links for several threads and buckets, added through the builder.
  auto links = RandomLinks(70000, 50000, 6, "");
  for (bool directed : {false, true}) {
    GraphBuilder b(BuildOptions{directed, true, true});
    for (const Link& l : links) b.AddLink(l.u, l.v, l.w);
    Graph g = b.Build(2);
    ExpectGraph(g, Oracle(links, directed), true);
  }
}

}  // namespace
}  // namespace disrupt::graph
