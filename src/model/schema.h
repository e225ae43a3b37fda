// The catalogue's schema: which record types exist, which properties each
// has, of what type, and which are required. Entities, links and events all
// are Records (record.h); the schema is what makes a Record a Person or a
// Movement. It is a fixed table in code (schema.cc); the controlled
// vocabularies of modus operandi that properties refer to are extensible by
// administrators (vocabulary.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace disrupt::model {

enum class RecordKind { kEntity, kLink, kEvent };
std::string_view ToString(RecordKind k);

enum class PropertyType {
  kText,        // free text
  kName,        // a personal or organisation name in any script
  kDate,        // a partial date (YYYY, YYYY-MM, YYYY-MM-DD)
  kCountry,     // ISO 3166-1 alpha-3 code
  kNumber,      // decimal number
  kInteger,     // whole number
  kVocabulary,  // a term of the controlled vocabulary named by `vocabulary`
  kEntityRef,   // the id of another entity (for events: participants, places)
  kIdentifier,  // an identifier such as an IMO number or account number
  kPhone,       // a telephone number as recorded
  kBool,        // true/false
};
std::string_view ToString(PropertyType t);

struct PropertySpec {
  std::string_view name;
  PropertyType type;
  bool required = false;
  bool multi = false;        // may hold several values (aliases, countries)
  bool sensitive = false;    // encrypted at rest (names, numbers, victim data)
  bool searchable = false;   // indexed for full-text search
  std::string_view vocabulary;  // for kVocabulary
  std::string_view description;
};

struct Schema {
  RecordKind kind;
  std::string_view name;         // "Person", "member_of", "Movement"
  std::string_view description;
  std::vector<PropertySpec> properties;
  // Links only: whether direction matters, and the entity types allowed at each end
  // (empty = any entity type).
  bool directed = false;
  std::vector<std::string_view> source_types;
  std::vector<std::string_view> target_types;
  // Links only: the record needs special protection (victim links).
  bool protected_victim = false;

  const PropertySpec* Find(std::string_view property) const;
};

// The schema of a record type, or nullptr when there is none.
const Schema* FindSchema(std::string_view type);
// All schemas of one kind, in a stable order.
std::vector<const Schema*> SchemasOf(RecordKind kind);
std::vector<const Schema*> AllSchemas();

}  // namespace disrupt::model
