// Search tokens: what the stores index for a record and what a search text
// asks for, shared by SqliteStore and PostgresStore so that both find the
// same records for the same text.
//
// A record is indexed by two sets of tokens taken from its searchable
// properties (schema.h, `searchable`) and its id: the exact tokens (folded
// words and, for text not in Latin script, their Latin transliteration; see
// text::SearchTokens) and the consonant skeletons of the ASCII ones
// ("mohammad" -> "mhmd", text::ConsonantSkeleton).
//
// A search text is split into words; every word must match, through any of
// its variants: one of its exact tokens as a prefix (tokens of two or more
// characters) or as a whole word, or the skeleton of one of them as a whole
// word. Exact hits rank above skeleton hits (the stores weigh the exact
// column ten times the skeleton column).
//
// With a FieldProtection (field_protection.h), protected values are indexed
// by keyed tokens instead of their words, and each query word is also looked
// up through its keyed token, so that search finds them as before.
//
// Thread safety: may be called from any thread (RecordSearchTokens keeps a
// process-wide, locked cache of the tokens of non-ASCII values). Cost: linear in the text.
#pragma once

#include <string>
#include <vector>

#include "model/record.h"
#include "store/field_protection.h"

namespace disrupt::store {

// The tokens a record is indexed by; each list is sorted and deduplicated.
struct RecordTokens {
  std::vector<std::string> exact;
  std::vector<std::string> skeleton;
};
RecordTokens RecordSearchTokens(const model::Record& record, const FieldProtection* protection = nullptr);

// One way a query word may match.
struct TokenVariant {
  enum class Column { kExact, kSkeleton };
  Column column = Column::kExact;
  std::string token;
  bool prefix = false;  // matches any indexed token that starts with `token`
};
// The words of a search text, each as its list of variants, in text order.
// Words without any variant are dropped; an empty result means the text has
// no words to search for.
std::vector<std::vector<TokenVariant>> QueryWords(const std::string& text,
                                                 const FieldProtection* protection = nullptr);

// The FTS5 MATCH expression for `text` (columns `exact` and `skeleton`):
// every word's variants ORed, the words ANDed. Empty when the text has no
// words. Tokens are quoted, so search syntax typed by users is data.
std::string BuildMatchQuery(const std::string& text, const FieldProtection* protection = nullptr);

}  // namespace disrupt::store
