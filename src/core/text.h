// Small text helpers shared by every subsystem: UTF-8 validation, trimming,
// ASCII case folding, splitting and joining. Full Unicode folding and
// transliteration live in resolve/ (ICU); these helpers never allocate more
// than their result and never throw.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace disrupt {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Byte offset of the first invalid sequence, or npos.
size_t FindInvalidUtf8(std::string_view s);

std::string_view Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Splits on `sep`; keeps empty parts.
std::vector<std::string> Split(std::string_view s, char sep);
// Splits on `sep`, trims every part and drops empty ones.
std::vector<std::string> SplitTrimmed(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// Parses a whole string as a number; false on any trailing garbage or overflow.
bool ParseInt64(std::string_view s, long long& out);
bool ParseDouble(std::string_view s, double& out);

}  // namespace disrupt
