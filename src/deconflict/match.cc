// Hit/no-hit matching across members; see match.h.
#include "deconflict/match.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace disrupt::deconflict {

Result<std::vector<Hit>> MatchEncodings(const std::vector<EncodingFile>& files, const MatchOptions& options,
                                        MatchStats* stats) {
  if (files.size() < 2) return Status::InvalidArgument("matching needs the encodings of at least two members");
  std::set<std::string> members;
  for (const auto& f : files) {
    if (f.key_id != files[0].key_id) {
      return Status::InvalidArgument("encodings of " + f.member + " were made with a different group secret",
                                     "key_id");
    }
    if (!members.insert(f.member).second) return Status::InvalidArgument("two files for member " + f.member, "member");
  }
  if (!(options.dice_threshold > 0 && options.dice_threshold <= 1)) {
    return Status::InvalidArgument("must be in (0, 1]", "dice_threshold");
  }
  MatchStats local;
  MatchStats& st = stats ? *stats : local;
  std::vector<Hit> hits;
  // Exact keys: one hash table of (field, hash) -> (file, record).
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> table;
  for (uint32_t f = 0; f < files.size(); ++f) {
    for (uint32_t r = 0; r < files[f].records.size(); ++r) {
      for (const auto& [field, hash] : files[f].records[r].exact) table[field + ":" + hash].emplace_back(f, r);
    }
  }
  for (const auto& [key, holders] : table) {
    std::string field = key.substr(0, key.find(':'));
    for (size_t x = 0; x < holders.size(); ++x) {
      for (size_t y = x + 1; y < holders.size(); ++y) {
        auto [fa, ra] = holders[x];
        auto [fb, rb] = holders[y];
        if (fa == fb) continue;
        if (fa > fb) std::swap(fa, fb), std::swap(ra, rb);
        hits.push_back({files[fa].member, files[fa].records[ra].ref, files[fb].member, files[fb].records[rb].ref,
                        field, 1.0});
        ++st.exact_hits;
      }
    }
  }
  // CLKs: for each pair of members, the smaller side queries an index of the larger.
  for (size_t a = 0; a < files.size(); ++a) {
    for (size_t b = a + 1; b < files.size(); ++b) {
      std::vector<Clk> clk_a, clk_b;
      std::vector<uint32_t> rec_a, rec_b;
      for (uint32_t r = 0; r < files[a].records.size(); ++r) {
        if (files[a].records[r].has_clk) clk_a.push_back(files[a].records[r].clk), rec_a.push_back(r);
      }
      for (uint32_t r = 0; r < files[b].records.size(); ++r) {
        if (files[b].records[r].has_clk) clk_b.push_back(files[b].records[r].clk), rec_b.push_back(r);
      }
      if (clk_a.empty() || clk_b.empty()) continue;
      bool a_queries = clk_a.size() <= clk_b.size();
      DiceIndex index(a_queries ? clk_b : clk_a);
      auto found = index.SearchAll(a_queries ? clk_a : clk_b, options.dice_threshold, options.threads, st.dice);
      for (const auto& h : found) {
        uint32_t ra = a_queries ? rec_a[h.query] : rec_a[h.candidate];
        uint32_t rb = a_queries ? rec_b[h.candidate] : rec_b[h.query];
        hits.push_back({files[a].member, files[a].records[ra].ref, files[b].member, files[b].records[rb].ref,
                        "name_dob", h.dice});
        ++st.clk_hits;
      }
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) {
    return std::tie(x.member_a, x.ref_a, x.member_b, x.ref_b, x.kind) <
           std::tie(y.member_a, y.ref_a, y.member_b, y.ref_b, y.kind);
  });
  return hits;
}

}  // namespace disrupt::deconflict
