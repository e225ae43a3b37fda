// Normalisation of person records; see record.h.
#include "resolve/record.h"

#include <algorithm>

#include "core/text.h"
#include "resolve/dob.h"
#include "resolve/identifiers.h"
#include "resolve/name.h"
#include "text/transliterate.h"

namespace disrupt::resolve {

NormalisedRecord Normalise(const PersonRecord& r, std::vector<FieldIssue>* issues) {
  auto issue = [&](const char* field, const std::string& message) {
    if (issues) issues->push_back({r.id, field, message});
  };
  NormalisedRecord n;
  PersonName name = ParseName(r.given_name, r.family_name, r.full_name);
  n.given = std::move(name.given);
  n.family = std::move(name.family);
  for (const auto& t : n.given) n.given_keys.push_back(PhoneticKey(t));
  for (const auto& t : n.family) n.family_keys.push_back(PhoneticKey(t));
  if (!n.given.empty()) n.given_key = n.given_keys.front();
  if (!n.family.empty()) n.family_key = n.family_keys.front();
  n.given_value = Join(n.given, " ");
  n.family_value = Join(n.family, " ");

  if (auto dob = ParseDob(r.dob); dob.ok()) {
    n.dob = *dob;
  } else {
    issue("dob", dob.status().message());
  }
  std::string g = AsciiLower(Trim(r.gender));
  if (g == "m" || g == "male") n.gender = 'M';
  if (g == "f" || g == "female") n.gender = 'F';

  std::string nat(Trim(r.nationality));
  if (nat.size() == 2) nat = CountryAlpha3(nat);
  n.nationality = AsciiUpper(nat);
  if (!n.nationality.empty() && CountryAlpha2(n.nationality).empty()) {
    issue("nationality", "not an ISO 3166 country code");
    n.nationality.clear();
  }

  std::string_view doc = Trim(r.passport_no);
  if (!doc.empty()) {
    // "ISSUER:NUMBER" is accepted, but only the number is compared: members
    // spell issuers differently more often than they misread numbers.
    if (size_t colon = doc.find(':'); colon != std::string_view::npos && colon <= 3) doc = doc.substr(colon + 1);
    n.document = ConfusableKey(CleanDocumentNumber(doc));
    if (n.document.size() < 5) {
      issue("passport_no", "too short to be a document number");
      n.document.clear();
    }
  }

  if (!Trim(r.phone).empty()) {
    // A local number is local to the member that recorded it; failing
    // that (an organisation), to the person's nationality.
    std::string member = AsciiUpper(Trim(r.member));
    std::string country = !CountryAlpha2(member).empty() ? member : n.nationality;
    auto phone = NormalisePhone(r.phone, country);
    if (phone.ok()) {
      n.phone = *phone;
    } else {
      issue("phone", phone.status().message());
    }
  }
  if (!Trim(r.address).empty()) {
    n.address_tokens = text::LatinWords(r.address);
    n.address = Join(n.address_tokens, " ");
    std::sort(n.address_tokens.begin(), n.address_tokens.end());
  }
  return n;
}

}  // namespace disrupt::resolve
