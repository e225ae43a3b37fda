// Controlled vocabularies: modus operandi (transport mode, concealment,
// document fraud, recruitment method, payment method, form of exploitation)
// and the other enumerated properties of the schema. The defaults are in
// vocabulary.cc; administrators add terms (stored by the store and loaded
// into a Vocabularies object at start).
//
// Thread safety: const methods may be called concurrently; Add must not race
// with readers.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace disrupt::model {

struct Term {
  std::string vocabulary;
  std::string term;   // snake_case key stored in records
  std::string label;  // human label
};

class Vocabularies {
 public:
  // The built-in vocabularies and terms.
  static Vocabularies Defaults();

  bool Has(std::string_view vocabulary, std::string_view term) const;
  bool HasVocabulary(std::string_view vocabulary) const;
  // Adds a term; kInvalidArgument for a malformed key or unknown vocabulary
  // (new vocabularies can be added only with `allow_new_vocabulary`).
  Status Add(const Term& term, bool allow_new_vocabulary = false);
  std::vector<Term> TermsOf(std::string_view vocabulary) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, std::map<std::string, std::string>, std::less<>> terms_;
};

// Vocabularies that describe a network's modus operandi, in the order the
// analysis reports them.
const std::vector<std::string_view>& ModusOperandiVocabularies();

}  // namespace disrupt::model
