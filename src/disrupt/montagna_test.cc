// The published finding on the Sicilian Mafia "Montagna" networks
// (Cavallaro et al. 2020, PLOS ONE 15(8): e0236476): removing 5% of the
// actors by betweenness, recomputed after each removal, cuts the largest
// connected component by about 70%. The data set is not redistributable: the
// test looks for it with ExternalDataset and skips, saying why, without it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "disrupt/dismantle.h"
#include "testing.h"

namespace disrupt::plan {
namespace {

// The files are tab-separated "source target weight" without a header;
// LoadEdgeList wants one, so the test writes a copy with it.
Result<graph::Graph> LoadMontagna(const std::filesystem::path& file, const testing::TempDir& dir) {
  std::ifstream in(file);
  std::ostringstream csv;
  csv << "source\ttarget\tweight\n" << in.rdbuf();
  std::string copy = dir.File(file.filename().string());
  testing::WriteFile(copy, csv.str());
  return graph::LoadEdgeList(copy, false);
}

TEST(Montagna, FivePercentByBetweennessCutsTheLargestComponentByAboutSeventyPercent) {
  auto dataset = testing::ExternalDataset("montagna");
  if (!dataset) GTEST_SKIP() << "Montagna data set not found ($DISRUPT_DATASETS or ../shared/datasets); "
                                "it is not redistributable, so it is not shipped";
  testing::TempDir dir;
  double total_cut = 0;
  for (const char* name : {"Montagna_meetings_edgelist.csv", "Montagna_phonecalls_edgelist.csv"}) {
    auto g = LoadMontagna(*dataset / name, dir);
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    Network network(*g);
    std::vector<uint8_t> none(network.size(), 0);
    double before = ComponentSizes(network, none).front();
    DismantleOptions options;
    options.strategy = Strategy::kBetweenness;
    options.target_lcc = 0;
    options.constraints.max_targets = network.size() / 20;  // 5% of the actors
    auto plan = Dismantle(network, options);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(plan->removed.size(), network.size() / 20);
    double cut = 1.0 - plan->curve.back() / before;
    // Each network loses at least half of its largest component.
    EXPECT_GE(cut, 0.5) << name;
    EXPECT_LE(cut, 0.9) << name;
    total_cut += cut;
  }
  // "About 70%" over the two networks.
  EXPECT_NEAR(total_cut / 2, 0.7, 0.1);
}

}  // namespace
}  // namespace disrupt::plan
