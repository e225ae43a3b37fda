// The FollowTheMoney <-> catalogue mapping tables; see ftm.h. Keep the table
// in docs/import-formats.md in step with this file.
#include "ingest/ftm.h"

#include <algorithm>

#include "core/text.h"
#include "model/countries.h"

namespace disrupt::ingest {

namespace {

struct CountryPair {
  const char* alpha2;
  const char* alpha3;
};

constexpr CountryPair kCountries[] = {
#include "ingest/country_codes.inc"
};

// Properties every Thing has in FtM; mapped onto `notes` or the name.
std::vector<FtmProperty> WithThing(std::vector<FtmProperty> p) {
  p.push_back({"notes", "notes"});
  p.push_back({"description", "notes"});
  p.push_back({"summary", "notes"});
  return p;
}

std::vector<FtmSchema> Build() {
  std::vector<FtmSchema> s;
  const std::vector<FtmProperty> org = WithThing({{"name", "name"},
                                                  {"alias", "alias"},
                                                  {"weakAlias", "alias"},
                                                  {"previousName", "alias"},
                                                  {"country", "country"},
                                                  {"jurisdiction", "country"},
                                                  {"mainCountry", "country"},
                                                  {"registrationNumber", "registration_number"},
                                                  {"phone", ""},
                                                  {"addressEntity", ""}});
  s.push_back({"Person",
               "Person",
               "",
               "",
               WithThing({{"name", "name"},
                          {"alias", "alias"},
                          {"weakAlias", "alias"},
                          {"previousName", "alias"},
                          {"firstName", "given_name"},
                          {"lastName", "family_name"},
                          {"fatherName", "patronymic"},
                          {"birthDate", "birth_date"},
                          {"birthPlace", "birth_place"},
                          {"nationality", "nationality"},
                          {"citizenship", "nationality"},
                          {"gender", "gender"},
                          {"phone", ""},
                          {"addressEntity", ""}}),
               {}});
  s.push_back({"Organization", "Organisation", "", "", org, {}});
  s.push_back({"Company", "Organisation", "", "", org, {}});
  s.push_back({"LegalEntity", "Organisation", "", "", org, {}});
  s.push_back({"PublicBody", "Organisation", "", "", org, {}});
  s.push_back({"Vessel",
               "Vessel",
               "",
               "",
               WithThing({{"name", "name"},
                          {"alias", "name"},
                          {"imoNumber", "imo"},
                          {"mmsi", "mmsi"},
                          {"flag", "flag"},
                          {"type", "vessel_type"}}),
               {}});
  s.push_back(
      {"Vehicle",
       "Vehicle",
       "",
       "",
       WithThing(
           {{"name", "name"}, {"registrationNumber", "registration"}, {"country", "country"}, {"model", "model"}}),
       {}});
  const std::vector<FtmProperty> ident = WithThing({{"number", "number"},
                                                    {"country", "issuing_country"},
                                                    {"type", "document_type"},
                                                    {"startDate", "issue_date"},
                                                    {"endDate", "expiry_date"},
                                                    {"holder", ""}});
  s.push_back({"Passport", "IdentityDocument", "", "", ident, {{"document_type", "passport"}}});
  s.push_back({"Identification", "IdentityDocument", "", "", ident, {}});
  s.push_back({"BankAccount",
               "BankAccount",
               "",
               "",
               WithThing({{"accountNumber", "account_number"},
                          {"iban", "account_number"},
                          {"bankName", "bank"},
                          {"country", "country"},
                          {"name", "name"}}),
               {}});
  s.push_back({"UserAccount",
               "OnlineAccount",
               "",
               "",
               WithThing({{"username", "handle"}, {"service", "platform"}, {"name", "name"}}),
               {}});
  s.push_back({"Address",
               "Place",
               "",
               "",
               WithThing({{"full", "name"},
                          {"name", "name"},
                          {"city", "locality"},
                          {"country", "country"},
                          {"latitude", "latitude"},
                          {"longitude", "longitude"}}),
               {}});
  s.push_back({"Payment",
               "Payment",
               "",
               "",
               WithThing({{"date", "date"},
                          {"startDate", "date"},
                          {"amount", "amount"},
                          {"currency", "currency"},
                          {"payer", "payer"},
                          {"beneficiary", "payee"},
                          {"purpose", "purpose"}}),
               {}});
  auto link = [&](std::string_view ftm, std::string_view ours, std::string_view src, std::string_view dst,
                  std::vector<FtmProperty> extra = {}) {
    extra.push_back({"role", "role"});
    s.push_back({ftm, ours, src, dst, WithThing(std::move(extra)), {}});
  };
  link("Membership", "member_of", "member", "organization");
  link("Directorship", "directs", "director", "organization");
  link("Employment", "member_of", "employee", "employer");
  link("Family", "family_of", "person", "relative", {{"relationship", "relationship"}});
  link("Associate", "associate_of", "person", "associate", {{"relationship", "role"}});
  link("Ownership", "owns", "owner", "asset");
  link("UnknownLink", "associate_of", "subject", "object");
  return s;
}

}  // namespace

const std::vector<FtmSchema>& FtmSchemas() {
  static const std::vector<FtmSchema> schemas = Build();
  return schemas;
}

const FtmSchema* FindFtmSchema(std::string_view ftm_schema) {
  for (const auto& s : FtmSchemas()) {
    if (s.ftm == ftm_schema) return &s;
  }
  return nullptr;
}

const FtmSchema* FtmSchemaFor(const model::Record& r) {
  std::string_view want;
  if (r.type == "Network") {
    want = "Organization";  // a criminal network is an organisation to FtM tools; the type travels in "disrupt"
  } else if (r.type == "IdentityDocument") {
    want = r.Get("document_type") == "passport" ? "Passport" : "Identification";
  } else if (r.type == "Organisation") {
    want = "Organization";
  } else if (r.type == "member_of") {
    want = "Membership";
  } else if (r.type == "associate_of") {
    want = "Associate";
  } else if (r.kind == model::RecordKind::kLink && r.type != "directs" && r.type != "family_of" && r.type != "owns") {
    want = "UnknownLink";  // the exact link type travels in the "disrupt" member
  }
  for (const auto& s : FtmSchemas()) {
    if (!want.empty() ? s.ftm == want : s.ours == r.type) return &s;
  }
  return nullptr;
}

std::string CountryToAlpha3(std::string_view code) {
  std::string c = AsciiUpper(Trim(code));
  if (c.size() == 3 && model::IsCountryCode(c)) return c;
  if (c.size() != 2) return "";
  auto it = std::lower_bound(std::begin(kCountries), std::end(kCountries), c,
                             [](const CountryPair& p, const std::string& key) { return key.compare(p.alpha2) > 0; });
  if (it != std::end(kCountries) && c == it->alpha2) return it->alpha3;
  return "";
}

std::string CountryToAlpha2(std::string_view alpha3) {
  for (const auto& p : kCountries) {
    if (alpha3 == p.alpha3) return AsciiLower(p.alpha2);
  }
  return "";
}

}  // namespace disrupt::ingest
