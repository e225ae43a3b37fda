// String similarity measures used by the comparisons of resolve/: Jaro and
// Jaro-Winkler (for names, after normalisation to Latin) and a bounded
// Levenshtein distance (for identifiers and dates). They work on bytes, so
// callers pass normalised ASCII.
//
// Thread safety: pure functions. Cost: O(|a| * |b|) at worst, on short strings.
#pragma once

#include <string_view>

namespace disrupt::resolve {

// Jaro similarity in [0, 1]; 1 for two equal strings, 0 when either is empty.
double Jaro(std::string_view a, std::string_view b);

// Jaro-Winkler: Jaro raised for a common prefix (up to 4 characters, scale 0.1).
double JaroWinkler(std::string_view a, std::string_view b);

// Levenshtein distance, or `limit + 1` as soon as it exceeds `limit`.
int BoundedLevenshtein(std::string_view a, std::string_view b, int limit);

// True when `a` and `b` differ only by one swap of two adjacent characters.
bool IsAdjacentTransposition(std::string_view a, std::string_view b);

}  // namespace disrupt::resolve
