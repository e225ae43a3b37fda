// Hit/no-hit matching of members' encoding files (encoding.h), as the
// portal runs it: exact identifiers by hash join, names and dates of birth
// by Dice similarity of their CLKs (dice.h). A hit says only which record
// reference of each member matched, by what kind of key and how strongly;
// no data crosses. Records of the same member are never matched together.
//
// Thread safety: pure function; uses `threads` worker threads.
// Cost: O(records) for exact keys; for CLKs, per pair of members, the
// popcount-window candidates of each query.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "deconflict/dice.h"
#include "deconflict/encoding.h"

namespace disrupt::deconflict {

struct MatchOptions {
  double dice_threshold = 0.8;  // CLK hits at or above
  int threads = 2;
};

struct Hit {
  std::string member_a, ref_a;
  std::string member_b, ref_b;
  std::string kind;       // "phone", "passport_no" or "name_dob"
  double strength = 1.0;  // 1 for exact keys; the Dice coefficient for CLKs
};

struct MatchStats {
  DiceStats dice;
  long long exact_hits = 0;
  long long clk_hits = 0;
};

// Matches every pair of files. kInvalidArgument when fewer than two files
// are given, when they were made with different secrets (key ids differ)
// or when two files claim the same member.
Result<std::vector<Hit>> MatchEncodings(const std::vector<EncodingFile>& files, const MatchOptions& options,
                                        MatchStats* stats = nullptr);

}  // namespace disrupt::deconflict
