// The person records entity resolution works on, as they arrive (one CSV
// row or one catalogue Person) and once normalised for comparison.
//
// Thread safety: Normalise is a pure function and may run concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace disrupt::resolve {

// One record as a member state wrote it. Every field but `id` may be empty.
struct PersonRecord {
  std::string id;           // stable external id, unique within a resolution
  std::string member;       // originating member (alpha-3 or organisation code)
  std::string given_name;
  std::string family_name;
  std::string full_name;    // used when given and family names are both empty
  std::string dob;          // any form ParseDob reads
  std::string gender;       // "M"/"F" (or male/female), anything else is unknown
  std::string nationality;  // alpha-3 or alpha-2
  std::string passport_no;  // document number, optionally "ISSUER:NUMBER"
  std::string phone;        // any format; a local number is read in the member's country, else the nationality's
  std::string address;
};

// A problem found while normalising one field: the field is treated as
// unknown and resolution goes on. Messages never quote the value.
struct FieldIssue {
  std::string record_id;
  std::string field;
  std::string message;
};

// A record normalised for comparison.
struct NormalisedRecord {
  std::vector<std::string> given;   // canonical Latin name tokens
  std::vector<std::string> family;
  std::vector<std::string> given_keys;   // PhoneticKey of each token
  std::vector<std::string> family_keys;
  std::string given_key;            // PhoneticKey of the first given token
  std::string family_key;           // PhoneticKey of the first family token
  PartialDate dob;
  char gender = 0;                  // 'M', 'F' or 0
  std::string nationality;          // alpha-3
  std::string document;             // DocumentKey
  std::string phone;                // E.164
  std::string address;              // lower-case Latin words, single-spaced
  std::vector<std::string> address_tokens;  // the same words, sorted
  std::string given_value;          // joined given tokens (term-frequency key)
  std::string family_value;
  // Ids of given_value, family_value and all tokens together (given then
  // family) from a NameInterner (name_cache.h); 0 when empty or not interned.
  uint32_t given_id = 0, family_id = 0, all_id = 0;
};

// Normalises `r`, appending an issue for each field that could not be read.
NormalisedRecord Normalise(const PersonRecord& r, std::vector<FieldIssue>* issues);

}  // namespace disrupt::resolve
