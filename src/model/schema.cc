// The fixed schema table. Property names are snake_case and stable: they are
// the import/export field names and the keys of the API's JSON. Keep
// docs/data-model.md in step with this table.
#include "model/schema.h"

namespace disrupt::model {

namespace {

using P = PropertySpec;
using T = PropertyType;

// Shorthands for the property table.
P Text(std::string_view n, std::string_view d) { return P{n, T::kText, false, false, false, false, {}, d}; }
P Searchable(P p) {
  p.searchable = true;
  return p;
}
P Sensitive(P p) {
  p.sensitive = true;
  return p;
}
P Required(P p) {
  p.required = true;
  return p;
}
P Multi(P p) {
  p.multi = true;
  return p;
}
P Of(std::string_view n, T t, std::string_view d) { return P{n, t, false, false, false, false, {}, d}; }
P Vocab(std::string_view n, std::string_view vocab, std::string_view d) {
  return P{n, T::kVocabulary, false, false, false, false, vocab, d};
}

std::vector<Schema> BuildSchemas() {
  std::vector<Schema> s;
  P notes = Searchable(Text("notes", "Analyst's notes"));
  P mo = Multi(Vocab("modus_operandi", "modus_operandi", "Modus operandi terms, as vocabulary:term"));

  // ---- Entities ----
  s.push_back({RecordKind::kEntity, "Person", "A natural person: suspect, facilitator, victim or witness",
               {Required(Multi(Searchable(Sensitive(Of("name", T::kName, "Full name as recorded, any script"))))),
                Multi(Searchable(Sensitive(Of("alias", T::kName, "Alias or other spelling")))),
                Sensitive(Of("given_name", T::kName, "Given name(s)")),
                Sensitive(Of("family_name", T::kName, "Family name")),
                Sensitive(Of("patronymic", T::kName, "Father's name (bin/binti, s/o, walad)")),
                Sensitive(Of("birth_date", T::kDate, "Date of birth, possibly partial")),
                Of("birth_place", T::kText, "Place of birth"),
                Multi(Of("nationality", T::kCountry, "Nationality")),
                Vocab("gender", "gender", "Gender"),
                Multi(Vocab("role", "role", "Role in the network")),
                Of("victim", T::kBool, "The person is a victim (special protection)"),
                notes}});
  s.push_back({RecordKind::kEntity, "Organisation", "A criminal group, front company, travel agency or other body",
               {Required(Multi(Searchable(Of("name", T::kName, "Name")))),
                Multi(Searchable(Of("alias", T::kName, "Other name"))),
                Vocab("org_kind", "org_kind", "criminal_group, front_company, travel_agency, ..."),
                Of("country", T::kCountry, "Country of registration or base"),
                Of("registration_number", T::kIdentifier, "Company registration number"), notes}});
  s.push_back({RecordKind::kEntity, "Vessel", "A ship or boat",
               {Required(Multi(Searchable(Of("name", T::kName, "Vessel name")))),
                Of("imo", T::kIdentifier, "IMO number (7 digits with check digit)"),
                Of("mmsi", T::kIdentifier, "Maritime Mobile Service Identity (9 digits)"),
                Of("flag", T::kCountry, "Flag state"), Vocab("vessel_type", "vessel_type", "Type of vessel"),
                Of("capacity", T::kInteger, "People it can carry"), notes}});
  s.push_back({RecordKind::kEntity, "Vehicle", "A road vehicle",
               {Required(Searchable(Of("name", T::kName, "Description"))),
                Searchable(Of("registration", T::kIdentifier, "Registration plate")),
                Of("country", T::kCountry, "Country of registration"), Of("model", T::kText, "Make and model"),
                notes}});
  s.push_back({RecordKind::kEntity, "Phone", "A telephone number or handset",
               {Required(Searchable(Sensitive(Of("number", T::kPhone, "Number as recorded")))),
                Of("country", T::kCountry, "Country the number is local to"),
                Sensitive(Of("imei", T::kIdentifier, "Handset IMEI")), Of("name", T::kName, "Label"), notes}});
  s.push_back({RecordKind::kEntity, "OnlineAccount", "An account on a messaging or social platform",
               {Required(Searchable(Sensitive(Of("handle", T::kIdentifier, "User name or handle")))),
                Of("platform", T::kText, "Service"), Of("name", T::kName, "Display name"), notes}});
  s.push_back({RecordKind::kEntity, "BankAccount", "A bank, mobile-money or other financial account",
               {Required(Searchable(Sensitive(Of("account_number", T::kIdentifier, "Account number or IBAN")))),
                Of("bank", T::kText, "Institution"), Of("country", T::kCountry, "Country"),
                Of("name", T::kName, "Account holder as recorded"), notes}});
  s.push_back({RecordKind::kEntity, "IdentityDocument", "A passport, ID card, visa or other identity document",
               {Required(Vocab("document_type", "document_type", "passport, id_card, visa, ...")),
                Required(Searchable(Sensitive(Of("number", T::kIdentifier, "Document number")))),
                Required(Of("issuing_country", T::kCountry, "Issuing country")),
                Required(Vocab("status", "document_status", "genuine, forged, stolen, fraudulently_obtained")),
                Sensitive(Of("name", T::kName, "Name on the document")),
                Of("issue_date", T::kDate, "Date of issue"), Of("expiry_date", T::kDate, "Date of expiry"), notes}});
  s.push_back({RecordKind::kEntity, "Place", "A place: port, airport, border crossing, safe house, embarkation point",
               {Required(Searchable(Of("name", T::kName, "Name"))), Required(Of("country", T::kCountry, "Country")),
                Of("locality", T::kText, "Town or district"),
                Vocab("place_kind", "place_kind", "port, airport, land_border_crossing, safe_house, ..."),
                Of("latitude", T::kNumber, "WGS84 latitude"), Of("longitude", T::kNumber, "WGS84 longitude"),
                notes}});
  s.push_back({RecordKind::kEntity, "Case", "An investigation of one member agency",
               {Required(Searchable(Of("name", T::kName, "Case name or operation"))),
                Of("reference", T::kIdentifier, "Agency's case reference"),
                Vocab("case_status", "case_status", "open, closed, ..."), Of("opened", T::kDate, "Date opened"),
                Multi(Of("offence", T::kText, "Offences investigated")), notes}});
  s.push_back({RecordKind::kEntity, "Network", "A catalogued criminal network",
               {Required(Searchable(Of("name", T::kName, "Name the Working Group uses"))),
                Required(Vocab("network_status", "network_status", "active, disrupted, dormant")),
                Searchable(Of("summary", T::kText, "Summary")), Multi(Of("countries", T::kCountry, "Countries")),
                mo, notes}});

  // ---- Links ----
  auto link = [&](std::string_view name, std::string_view desc, bool directed, std::vector<std::string_view> src,
                  std::vector<std::string_view> dst, std::vector<PropertySpec> extra = {}) {
    Schema sc{RecordKind::kLink, name, desc, {Text("role", "Role or description"), notes}, directed, src, dst};
    for (auto& e : extra) sc.properties.push_back(e);
    s.push_back(sc);
  };
  std::vector<std::string_view> actors = {"Person", "Organisation"};
  link("member_of", "Membership of a group or network", true, actors, {"Organisation", "Network"});
  link("directs", "Gives orders to", true, actors, actors);
  link("recruits", "Recruited", true, actors, {"Person"});
  link("transports", "Moves people or goods for", true, actors, {});
  link("forges_documents_for", "Supplies forged documents to", true, actors, actors);
  link("finances", "Provides money to", true, actors, actors);
  link("pays", "Paid", true, actors, actors, {Of("amount", T::kNumber, "Total amount"), Of("currency", T::kText, "ISO 4217")});
  link("associate_of", "Known associate", false, actors, actors);
  link("family_of", "Family relation", false, {"Person"}, {"Person"},
       {Vocab("relationship", "relationship", "spouse, sibling, parent, child, cousin, ...")});
  link("owns", "Owns", true, actors, {});
  link("uses", "Uses", true, actors, {});
  link("holds", "Holds (document or account)", true, {"Person"}, {"IdentityDocument", "BankAccount", "Phone", "OnlineAccount"});
  link("located_at", "Is or was located at", true, {}, {"Place"});
  link("communicated_with", "Communicated with", false, {}, {}, {Of("count", T::kInteger, "Number of communications")});
  {
    Schema sc{RecordKind::kLink, "exploited", "Exploited a victim (victim link: special protection)",
              {Text("role", "Role or description"), Multi(Vocab("exploitation", "exploitation", "Form of exploitation")),
               notes},
              true, actors, {"Person"}};
    sc.protected_victim = true;
    s.push_back(sc);
  }

  // ---- Events ----
  P date = Required(Of("date", T::kDate, "When it happened"));
  P place = Of("place", T::kEntityRef, "Place (id of a Place entity)");
  P participants = Multi(Of("participants", T::kEntityRef, "Entities involved"));
  s.push_back({RecordKind::kEvent, "Movement", "One leg of a journey",
               {date, Required(Of("from_place", T::kEntityRef, "Place of departure")),
                Required(Of("to_place", T::kEntityRef, "Place of arrival")),
                Required(Vocab("mode", "transport_mode", "air, sea, land")),
                Of("crossing_point", T::kEntityRef, "Border crossing point"),
                Of("people", T::kInteger, "Number of people moved"), Of("vessel", T::kEntityRef, "Vessel or vehicle"),
                Multi(Vocab("concealment", "concealment", "Concealment method")), participants, notes}});
  s.push_back({RecordKind::kEvent, "Payment", "A payment",
               {date, Required(Of("amount", T::kNumber, "Amount")), Required(Of("currency", T::kText, "ISO 4217 code")),
                Required(Vocab("channel", "payment_method", "bank, hawala, mobile_money, cash, ...")),
                Of("payer", T::kEntityRef, "Who paid"), Of("payee", T::kEntityRef, "Who was paid"),
                Of("purpose", T::kText, "Purpose"), participants, notes}});
  s.push_back({RecordKind::kEvent, "Communication", "A call, message or other communication",
               {date, Of("from", T::kEntityRef, "Caller or sender"), Of("to", T::kEntityRef, "Receiver"),
                Vocab("medium", "medium", "call, sms, messaging, email"), Of("duration_s", T::kInteger, "Duration"),
                participants, notes}});
  s.push_back({RecordKind::kEvent, "Meeting", "A meeting of several people",
               {date, place, Required(participants), notes}});
  s.push_back({RecordKind::kEvent, "DisruptionAction", "An action against the network",
               {date, Required(Vocab("action", "disruption_action",
                                     "arrest, asset_seizure, extradition, mla_request, prosecution, conviction")),
                Of("acting_member", T::kCountry, "Member state that acted"), Of("target", T::kEntityRef, "Target"),
                place, participants, notes}});
  return s;
}

const std::vector<Schema>& Schemas() {
  static const std::vector<Schema> schemas = BuildSchemas();
  return schemas;
}

}  // namespace

std::string_view ToString(RecordKind k) {
  switch (k) {
    case RecordKind::kEntity: return "entity";
    case RecordKind::kLink: return "link";
    case RecordKind::kEvent: return "event";
  }
  return "entity";
}

std::string_view ToString(PropertyType t) {
  switch (t) {
    case PropertyType::kText: return "text";
    case PropertyType::kName: return "name";
    case PropertyType::kDate: return "date";
    case PropertyType::kCountry: return "country";
    case PropertyType::kNumber: return "number";
    case PropertyType::kInteger: return "integer";
    case PropertyType::kVocabulary: return "vocabulary";
    case PropertyType::kEntityRef: return "entity_ref";
    case PropertyType::kIdentifier: return "identifier";
    case PropertyType::kPhone: return "phone";
    case PropertyType::kBool: return "bool";
  }
  return "text";
}

const PropertySpec* Schema::Find(std::string_view property) const {
  for (const auto& p : properties) {
    if (p.name == property) return &p;
  }
  return nullptr;
}

const Schema* FindSchema(std::string_view type) {
  for (const auto& s : Schemas()) {
    if (s.name == type) return &s;
  }
  return nullptr;
}

std::vector<const Schema*> SchemasOf(RecordKind kind) {
  std::vector<const Schema*> out;
  for (const auto& s : Schemas()) {
    if (s.kind == kind) out.push_back(&s);
  }
  return out;
}

std::vector<const Schema*> AllSchemas() {
  std::vector<const Schema*> out;
  for (const auto& s : Schemas()) out.push_back(&s);
  return out;
}

}  // namespace disrupt::model
