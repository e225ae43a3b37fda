// The mapping between the catalogue's schema (model/schema.cc) and the
// FollowTheMoney entity schema used by Aleph and OpenSanctions, in both
// directions. docs/import-formats.md has the table for analysts.
//
// FtM entities are {"id", "schema", "properties": {name: [strings]}}. On
// import each FtM schema maps to one catalogue type (Company -> Organisation,
// Passport -> IdentityDocument, Membership -> member_of, ...) and each FtM
// property to one catalogue property; some produce further records (a
// Passport's holder gives a holds link, a phone gives a Phone entity and a
// link). On export the reverse mapping is used; what FtM cannot say (handling,
// provenance, catalogue-only properties) travels in a "disrupt" member of each
// entity, which FtM tools ignore and Disrupt reads back.
//
// The tables are immutable; all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/record.h"

namespace disrupt::ingest {

struct FtmProperty {
  std::string_view ftm;   // FtM property name
  std::string_view ours;  // catalogue property name ("" = handled specially)
};

struct FtmSchema {
  std::string_view ftm;     // FtM schema name
  std::string_view ours;    // catalogue type
  std::string_view source;  // links: the FtM property naming the source entity
  std::string_view target;  // links: the FtM property naming the target entity
  std::vector<FtmProperty> properties;
  // Catalogue properties the schema implies (Passport -> document_type passport).
  std::vector<std::pair<std::string_view, std::string_view>> constants;
};

// The mapping for an FtM schema name, or nullptr when the catalogue has no
// counterpart.
const FtmSchema* FindFtmSchema(std::string_view ftm_schema);
// All FtM schemata that map (for documentation and tests).
const std::vector<FtmSchema>& FtmSchemas();
// The FtM schema a catalogue record exports as, or nullptr when FtM has none
// (Phone, Case, Network, Movement, ...).
const FtmSchema* FtmSchemaFor(const model::Record& record);

// Country codes: FtM uses lower-case ISO alpha-2 ("mm"), the catalogue alpha-3
// ("MMR"). Returns "" when there is no such code. Alpha-3 input is returned as is.
std::string CountryToAlpha3(std::string_view code);
std::string CountryToAlpha2(std::string_view alpha3);

}  // namespace disrupt::ingest
