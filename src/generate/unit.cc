// Building one unit of a generated data set: the preamble (real places and
// the service providers networks share) or one network with its cells,
// people, records and events. See unit.h for how units fit together and
// docs/generator.md for what the data means.
//
// A network is built in two phases. Planning draws every person and every
// entity attached to them until the network's entity budget is spent, and
// gives each record its id; emission then writes the entities first and the
// links and events after them, so that every reference in records.jsonl
// points to a record written earlier.
#include "generate/unit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "core/csv.h"
#include "core/date.h"
#include "core/text.h"
#include "generate/draft.h"
#include "generate/geography.h"
#include "generate/identifiers.h"
#include "generate/names.h"
#include "generate/rng.h"

namespace disrupt::generate {

namespace {

using model::Classification;
using model::HandlingCode;
using model::RecordKind;
using model::Tlp;

// ---- Dates ----

PartialDate FromDays(long long z) {
  // Civil date from days since 1970-01-01 (proleptic Gregorian).
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return PartialDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}


// ---- Small formatting helpers ----

std::string Pad(long long value, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*lld", width, value);
  return buffer;
}

std::string Money(double amount) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", amount);
  return buffer;
}

std::string Coordinate(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.5f", value);
  return buffer;
}

void AppendCsv(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    first = false;
    if (f.find_first_of(",\"\n\r") != std::string_view::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' '))) {
      out += CsvEscape(f);
    } else {
      out.append(f);
    }
  }
  out += '\n';
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsAsciiText(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// A typing error in an ASCII name: a transposition, omission, doubling or
// substitution of one letter (the kinds Damerau counted as most common).
std::string Typo(std::string_view s, Rng& rng) {
  std::string out(s);
  std::vector<size_t> letters;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letters.push_back(i);
  }
  if (letters.size() < 3) return out;
  size_t i = letters[1 + rng.Below(letters.size() - 1)];
  static constexpr char kNear[] = "qwertyuiopasdfghjklzxcvbnm";
  switch (rng.Below(4)) {
    case 0:
      if (i + 1 < out.size() && out[i + 1] != ' ') std::swap(out[i], out[i + 1]);
      else std::swap(out[i - 1], out[i]);
      break;
    case 1: out.erase(i, 1); break;
    case 2: out.insert(i, 1, out[i]); break;
    default: {
      char c = kNear[rng.Below(26)];
      out[i] = (out[i] >= 'A' && out[i] <= 'Z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
  }
  return out;
}

// ---- Handling vocabulary ----

constexpr std::string_view kAllMembers = "ALL_MEMBERS";
constexpr std::string_view kWorkingGroup = "WG_DISRUPTION";
constexpr std::string_view kAdHocGroup = "AHG";
constexpr std::string_view kOtherRestriction[] = {
    "Not to be shared with immigration detention service providers",
    "Source protection: do not approach the persons named",
    "Use for intelligence only; seek originator's consent before any arrest",
};

// ---- Roles ----

enum class Position { kOrigin, kTransit, kEmbarkation, kDestination };

struct RoleWeight {
  std::string_view role;
  double weight;
};
constexpr RoleWeight kOriginRoles[] = {{"recruiter", 4}, {"money_broker", 2}, {"document_forger", 1},
                                       {"driver", 2},    {"facilitator", 1},  {"guide", 1}};
constexpr RoleWeight kTransitRoles[] = {{"transporter", 3},     {"driver", 2},      {"safe_house_keeper", 2},
                                        {"document_forger", 1}, {"money_broker", 1}, {"corrupt_official", 1},
                                        {"guide", 1}};
constexpr RoleWeight kEmbarkationRoles[] = {{"boat_crew", 4},         {"transporter", 2}, {"safe_house_keeper", 2},
                                            {"corrupt_official", 1}, {"facilitator", 1}};
constexpr RoleWeight kDestinationRoles[] = {{"money_broker", 2}, {"facilitator", 2}, {"driver", 1}};
constexpr RoleWeight kExploitationRoles[] = {{"enforcer", 3}, {"safe_house_keeper", 2}, {"facilitator", 1},
                                             {"corrupt_official", 1}, {"money_broker", 1}};

std::span<const RoleWeight> RolesFor(Position p, bool trafficking) {
  switch (p) {
    case Position::kOrigin: return kOriginRoles;
    case Position::kTransit: return kTransitRoles;
    case Position::kEmbarkation: return kEmbarkationRoles;
    case Position::kDestination: return trafficking ? std::span<const RoleWeight>(kExploitationRoles)
                                                    : std::span<const RoleWeight>(kDestinationRoles);
  }
  return kTransitRoles;
}

constexpr std::string_view kPlatforms[] = {"WhatsApp", "Facebook", "Telegram", "Viber", "imo", "Signal"};
constexpr std::string_view kNetworkWordsA[] = {
    "Crescent", "Monsoon", "Coral",  "Southern", "Silver",   "Black",  "Harbour", "Eastern", "Night",  "Red",
    "Jade",     "Iron",    "Falcon", "Amber",    "Northern", "Golden", "Lotus",   "Tide",    "Cobalt", "Saffron"};
constexpr std::string_view kNetworkWordsB[] = {
    "Tide",   "Channel", "Route",  "Current", "Passage", "Anchor", "Compass", "Reef",  "Lantern", "Bridge",
    "Harbor", "Crossing", "Wind", "Star",    "Gate",    "Road",   "Bay",     "Ridge", "Delta",   "Sail"};
constexpr std::string_view kOperationWords[] = {
    "Sovereign", "Kestrel", "Trident",  "Meranti", "Garuda", "Albatross", "Tamarind", "Orchid", "Cyclone",
    "Pelican",   "Monarch", "Corvette", "Heron",   "Nautilus", "Banyan", "Mangrove", "Osprey", "Sandalwood"};
constexpr std::string_view kFrontCompanies[] = {"Travel & Tours", "Manpower Agency", "Trading", "Fisheries",
                                                "Logistics", "Overseas Employment Services", "Money Exchange"};
constexpr std::string_view kCompanyNames[] = {"Al-Noor", "Pacific Star", "Golden Crescent", "Seri Maju",
                                              "Bintang Timur", "Lanka Sea", "Royal Asia", "Green Valley",
                                              "Sinar Jaya", "Andaman"};
constexpr std::string_view kBoatNames[] = {"KM Harapan", "KM Sinar Laut", "Bintang Samudra", "Lucky Star",
                                           "Sea Pearl", "Ocean Queen", "KM Mutiara", "Jaya Abadi",
                                           "Dewi Laut", "Golden Wave", "Samudera Biru", "Nelayan Jaya"};

// ---- People and recorders ----

struct Recorder {
  const CountryInfo* country = nullptr;
  const Agency* agency = nullptr;
  std::string case_id;   // id of the Case entity ("" in the preamble)
  std::string case_ref;  // the agency's case reference, carried in provenance
  std::string operation;
  long long opened_day = 0;
};

struct PersonRecord {
  int recorder = 0;
  std::string id;
  std::string phone_id;  // the member's own Phone entity for this person, if any
  std::string doc_id;    // the member's own IdentityDocument entity, if any
};

struct Person {
  std::string person_id;
  std::string_view role;
  int cell = -1;  // index into the route's countries; -1 for providers
  const CountryInfo* residence = nullptr;
  const CountryInfo* nationality = nullptr;
  const CountryInfo* second_nationality = nullptr;
  NameGroupId group = NameGroupId::kAnglo;
  bool female = false;
  int given = 0, given2 = -1, given3 = -1, family = -1, father = -1;
  PartialDate dob;
  bool organiser = false, lieutenant = false, client = false, victim = false;
  int boss = -1;       // who directs this person (network-local index)
  int recruiter = -1;  // for clients and victims
  std::vector<PersonRecord> records;  // [0] is the primary record
  std::vector<std::string> phones;     // national numbers
  std::vector<std::string> phone_ids;  // primary Phone entities
  std::string passport;                // genuine passport number, "" when none recorded
  std::string passport_id;
  PartialDate passport_issued;
  std::string forged_id, forged_number;
  const CountryInfo* forged_country = nullptr;
  std::vector<std::string> account_ids;
  std::vector<std::string> online_ids;
  int street = 0, house = 0;
  std::string_view city;
};

// A city of `country` drawn from Places(), for addresses and safe houses.
int RandomCity(std::string_view country, Rng& rng) {
  int seen = 0, chosen = -1;
  auto places = Places();
  for (size_t i = 0; i < places.size(); ++i) {
    if (places[i].country != country || places[i].kind != PlaceKind::kCity) continue;
    // Reservoir sampling keeps the choice uniform without a list.
    if (rng.Below(static_cast<uint64_t>(++seen)) == 0) chosen = static_cast<int>(i);
  }
  return chosen;
}

// One unit's generator state.
class UnitBuilder {
 public:
  UnitBuilder(const RunPlan& plan, int unit, Block& block)
      : plan_(plan),
        options_(plan.options),
        unit_(unit),
        unit_text_(Pad(unit, 6)),
        block_(block),
        rng_(Rng::Stream(plan.options.seed, static_cast<uint64_t>(unit))) {
    first_day_ = DaysFromCivil(options_.first_year, 1, 1);
    last_day_ = DaysFromCivil(options_.first_year + options_.years - 1, 12, 31);
    cutoff_day_ = DaysFromCivil(options_.first_year + options_.years, 6, 30);
  }

  void BuildPreamble();
  void BuildNetwork(const NetworkPlan& network);

 private:
  // -- ids and stamping --
  std::string NewId(const Recorder& r, std::string_view code) {
    std::string id;
    id.reserve(32);
    id.append(r.country->code);
    id += '-';
    id.append(r.agency->code);
    id += '-';
    id.append(code);
    id += '-';
    id.append(unit_text_);
    id += '-';
    id.append(Pad(++seq_, 5));
    return id;
  }
  void Stamp(const Recorder& r, long long reported_day, bool sensitive);
  void Begin(RecordKind kind, std::string_view type, std::string_view id) {
    draft_.Begin(kind, type, id);
    if (!network_id_.empty()) draft_.AddNetwork(network_id_);
  }
  void Finish();
  long long ReportedAfter(long long day) {
    long long d = day + rng_.Range(3, 120);
    return std::min(d, cutoff_day_);
  }
  long long RandomDay(long long from, long long to) {
    if (to <= from) return from;
    return from + static_cast<long long>(rng_.Below(static_cast<uint64_t>(to - from + 1)));
  }
  void Edge(const Person& a, const Person& b, int weight);
  void Edge(const std::string& a, const std::string& b, int weight);

  // -- people --
  void DrawName(Person& p);
  void DrawIdentity(Person& p, const CountryInfo* residence, const CountryInfo* nationality);
  std::string NewPhone(const CountryInfo& c);
  std::string NewPassportNumber(const CountryInfo& c);
  long long PlanPersonRecords(Person& p, int primary, std::span<const int> candidates, double duplicate_share,
                              std::string primary_id = {});
  void EmitPerson(const Person& p, const PersonRecord& rec, bool primary);
  void EmitPersonAttachments(const Person& p);
  void BeginGenuinePassport(const Person& p, const std::string& id);
  void EmitHoldsLinks(const Person& p, long long from);
  const std::string& RecordOf(const Person& p, int recorder) const {
    for (const auto& r : p.records) {
      if (r.recorder == recorder) return r.id;
    }
    return p.records.front().id;
  }
  std::string FormatPhoneFor(const CountryInfo& number_country, const std::string& national,
                             const CountryInfo& recorder_country, bool vary);

  // -- links and events --
  void Link(int recorder, std::string_view type, const std::string& source, const std::string& target,
            long long from_day, long long to_day, bool sensitive = false);

  const RunPlan& plan_;
  const GeneratorOptions& options_;
  int unit_;
  std::string unit_text_;
  Block& block_;
  Rng rng_;
  Draft draft_;
  long long seq_ = 0;
  std::string network_id_;
  long long first_day_ = 0, last_day_ = 0, cutoff_day_ = 0;
  std::vector<Recorder> recorders_;
  std::vector<std::vector<std::string_view>> partner_lists_;
  std::string json_scratch_;
  std::map<std::pair<std::string, std::string>, int> edges_;
};

void UnitBuilder::Stamp(const Recorder& r, long long reported_day, bool sensitive) {
  auto& pv = draft_.provenance;
  pv.originator = r.country->code;
  pv.agency = r.agency->code;
  pv.case_ref = r.case_ref;
  pv.reported = FromDays(reported_day);
  static constexpr double kReliability[] = {0.05, 0.30, 0.35, 0.15, 0.05, 0.10};
  static constexpr double kCredibility[] = {0.10, 0.35, 0.30, 0.10, 0.05, 0.10};
  pv.reliability = static_cast<char>('A' + rng_.Weighted(kReliability));
  pv.credibility = 1 + static_cast<int>(rng_.Weighted(kCredibility));

  auto& h = draft_.handling;
  h.codes = 1u << static_cast<int>(HandlingCode::kCrimeFightingOnly);
  if (rng_.Chance(0.35)) h.codes |= 1u << static_cast<int>(HandlingCode::kNoJudicialUse);
  if (rng_.Chance(0.25)) h.codes |= 1u << static_cast<int>(HandlingCode::kNoOnwardDissemination);
  if (rng_.Chance(0.03)) {
    h.codes |= 1u << static_cast<int>(HandlingCode::kOtherRestrictions);
    h.restrictions = rng_.Pick(std::span<const std::string_view>(kOtherRestriction));
  }
  int years_kept = rng_.Range(3, 10);
  PartialDate review = FromDays(reported_day);
  review.year += years_kept;
  if (review.month == 2 && review.day == 29) review.day = 28;
  h.review_date = review;
  static const std::string_view kAll[] = {kAllMembers};
  static const std::string_view kWg[] = {kWorkingGroup};
  static const std::string_view kAhg[] = {kAdHocGroup};
  if (sensitive) {
    // Victim records: restricted to the originator or its closest partners, often in a compartment.
    h.classification = Classification::kConfidential;
    h.tlp = rng_.Chance(0.5) ? Tlp::kRed : Tlp::kAmberStrict;
    h.codes |= 1u << static_cast<int>(HandlingCode::kNoOnwardDissemination);
    h.originator_control = rng_.Chance(0.6);
    if (rng_.Chance(0.5) || partner_lists_.empty()) h.releasable_to = {};
    else h.releasable_to = partner_lists_[rng_.Below(partner_lists_.size())];
    if (rng_.Chance(0.5)) h.compartment = "VICTIM-PROTECTION";
    return;
  }
  double x = rng_.Unit();
  if (x < 0.40) {
    h.releasable_to = kAll;
    h.tlp = rng_.Chance(0.4) ? Tlp::kGreen : Tlp::kAmber;
    h.classification = rng_.Chance(0.2) ? Classification::kUnclassified : Classification::kRestricted;
  } else if (x < 0.50) {
    h.releasable_to = kWg;
    h.tlp = Tlp::kAmber;
    h.classification = Classification::kRestricted;
  } else if (x < 0.58) {
    h.releasable_to = kAhg;
    h.tlp = Tlp::kAmber;
    h.classification = Classification::kRestricted;
  } else if (x < 0.86 && !partner_lists_.empty()) {
    h.releasable_to = partner_lists_[rng_.Below(partner_lists_.size())];
    h.tlp = rng_.Chance(0.3) ? Tlp::kAmberStrict : Tlp::kAmber;
    h.classification = rng_.Chance(0.3) ? Classification::kConfidential : Classification::kRestricted;
  } else {
    h.releasable_to = {};
    h.tlp = rng_.Chance(0.5) ? Tlp::kRed : Tlp::kAmberStrict;
    h.classification = rng_.Chance(0.15) ? Classification::kSecret : Classification::kConfidential;
  }
  h.originator_control = rng_.Chance(0.10);
  if (rng_.Chance(0.02) && !r.operation.empty()) h.compartment = r.operation;
}

void UnitBuilder::Finish() {
  bool entity = draft_.kind() == RecordKind::kEntity;
  draft_.AppendJson(entity ? block_.entities : block_.relations);
  auto& c = block_.counts;
  switch (draft_.kind()) {
    case RecordKind::kEntity: ++c.entities; break;
    case RecordKind::kLink: ++c.links; break;
    case RecordKind::kEvent: ++c.events; break;
  }
  ++c.by_type[std::string(draft_.type())];
}

void UnitBuilder::Edge(const std::string& a, const std::string& b, int weight) {
  if (a == b) return;
  auto key = a < b ? std::make_pair(a, b) : std::make_pair(b, a);
  edges_[key] += weight;
}

void UnitBuilder::Edge(const Person& a, const Person& b, int weight) { Edge(a.person_id, b.person_id, weight); }

// ---- People ----

void UnitBuilder::DrawName(Person& p) {
  const NameGroup& g = GetNameGroup(p.group);
  auto& given = p.female ? g.female : g.male;
  p.given = static_cast<int>(rng_.Below(given.size()));
  p.given2 = p.given3 = p.family = p.father = -1;
  switch (g.order) {
    case NameOrder::kSyllables:
      p.given2 = static_cast<int>(rng_.Below(given.size()));
      if (rng_.Chance(0.45)) p.given3 = static_cast<int>(rng_.Below(given.size()));
      break;
    case NameOrder::kPatronymic:
      p.father = static_cast<int>(rng_.Below(g.male.size()));
      break;
    default:
      if (!g.family.empty() && !rng_.Chance(g.mononym_share)) {
        p.family = static_cast<int>(rng_.Below(g.family.size()));
      }
  }
}

std::string UnitBuilder::NewPhone(const CountryInfo& c) {
  std::string n(rng_.Pick(c.mobile_prefixes));
  while (static_cast<int>(n.size()) < c.mobile_length) n += static_cast<char>('0' + rng_.Below(10));
  return n;
}

std::string UnitBuilder::NewPassportNumber(const CountryInfo& c) {
  std::string n(c.passport_pattern);
  for (auto& ch : n) {
    if (ch == 'A') ch = static_cast<char>('A' + rng_.Below(26));
    else if (ch == '9') ch = static_cast<char>('0' + rng_.Below(10));
  }
  return n;
}

void UnitBuilder::DrawIdentity(Person& p, const CountryInfo* residence, const CountryInfo* nationality) {
  p.residence = residence;
  p.nationality = nationality;
  size_t g = rng_.Weighted(nationality->name_group_weights);
  p.group = nationality->name_groups[g];
  DrawName(p);
  int age = p.client || p.victim ? rng_.Range(16, 45) : rng_.Range(22, 62);
  long long dob = DaysFromCivil(options_.first_year - age, 1, 1) + static_cast<long long>(rng_.Below(365));
  p.dob = FromDays(dob);
  p.street = static_cast<int>(rng_.Below(residence->streets.size()));
  int city = RandomCity(residence->code, rng_);
  p.city = city >= 0 ? Places()[city].name : residence->name;
  p.house = rng_.Range(1, 240);
}

// Decides which members record `p` (the primary recorder first) and what
// each of them attaches; returns the number of entity records this costs.
long long UnitBuilder::PlanPersonRecords(Person& p, int primary, std::span<const int> candidates,
                                         double duplicate_share, std::string primary_id) {
  long long cost = 0;
  if (primary_id.empty()) primary_id = NewId(recorders_[primary], "P");
  p.records.push_back(PersonRecord{primary, std::move(primary_id), {}, {}});
  ++cost;
  double share = std::min(0.95, duplicate_share * options_.duplicate_rate);
  if (rng_.Chance(share) && !candidates.empty()) {
    int extra = 1 + (rng_.Chance(0.35) ? 1 : 0) + (rng_.Chance(0.1) ? 1 : 0);
    for (int k = 0; k < extra; ++k) {
      int r = candidates[rng_.Below(candidates.size())];
      bool taken = false;
      for (const auto& existing : p.records) taken = taken || existing.recorder == r;
      if (taken) continue;
      PersonRecord rec{r, NewId(recorders_[r], "P"), {}, {}};
      ++cost;
      if (!p.phones.empty() && rng_.Chance(0.5)) {
        rec.phone_id = NewId(recorders_[r], "PH");
        ++cost;
      }
      if (!p.passport.empty() && rng_.Chance(0.4)) {
        rec.doc_id = NewId(recorders_[r], "ID");
        ++cost;
      }
      p.records.push_back(std::move(rec));
    }
  }
  const Recorder& home = recorders_[primary];
  for (const auto& number : p.phones) {
    (void)number;
    p.phone_ids.push_back(NewId(home, "PH"));
    ++cost;
  }
  if (!p.passport.empty()) {
    p.passport_id = NewId(home, "ID");
    ++cost;
  }
  if (!p.forged_number.empty()) {
    p.forged_id = NewId(home, "ID");
    ++cost;
  }
  int accounts = 0;
  if (p.role == "money_broker") accounts = rng_.Range(1, 3);
  else if (p.organiser) accounts = rng_.Range(1, 2);
  else if (!p.client && !p.victim && rng_.Chance(0.12)) accounts = 1;
  for (int i = 0; i < accounts; ++i) {
    p.account_ids.push_back(NewId(home, "BA"));
    ++cost;
  }
  int online = 0;
  if (p.role == "recruiter") online = rng_.Range(1, 2);
  else if (!p.victim && rng_.Chance(p.client ? 0.15 : 0.3)) online = 1;
  for (int i = 0; i < online; ++i) {
    p.online_ids.push_back(NewId(home, "OA"));
    ++cost;
  }
  return cost;
}

std::string UnitBuilder::FormatPhoneFor(const CountryInfo& number_country, const std::string& national,
                                        const CountryInfo& recorder_country, bool vary) {
  PhoneStyle style;
  bool local = &number_country == &recorder_country;
  if (!vary) {
    style = local ? PhoneStyle::kLocal : PhoneStyle::kInternational;
  } else {
    static constexpr double kLocalStyles[] = {0.45, 0.25, 0.15, 0.10, 0.05};
    static constexpr double kForeignStyles[] = {0.10, 0.05, 0.45, 0.30, 0.10};
    static constexpr PhoneStyle kOrder[] = {PhoneStyle::kLocal, PhoneStyle::kLocalCompact,
                                            PhoneStyle::kInternational, PhoneStyle::kInternationalCompact,
                                            PhoneStyle::kDoubleZero};
    style = kOrder[rng_.Weighted(local ? std::span<const double>(kLocalStyles) : std::span<const double>(kForeignStyles))];
  }
  return FormatPhone(number_country.calling_code, national, number_country.trunk, number_country.phone_group, style);
}

// Writes one Person record of `p` as the member of `rec` recorded it, with
// its resolution row and ground truth.
void UnitBuilder::EmitPerson(const Person& p, const PersonRecord& rec, bool primary) {
  const Recorder& r = recorders_[rec.recorder];
  const NameGroup& g = GetNameGroup(p.group);
  auto& given_forms = p.female ? g.female : g.male;
  std::string variations;
  auto note = [&](std::string_view v) {
    if (!variations.empty()) variations += ';';
    variations.append(v);
  };
  // Script: members of the person's own country often write the name in its script.
  bool native_possible = g.script != "Latn" && r.country == p.nationality;
  bool native = native_possible && rng_.Chance(primary ? 0.5 : 0.6);
  bool vary = !primary;
  bool romanise = vary && rng_.Chance(0.5);
  if (native) note("native_script");
  if (romanise && !native) note("romanisation");
  auto form = [&](const NameForm& f, bool use_native) -> std::string {
    if (use_native) return std::string(f.native);
    size_t n = f.LatinCount();
    size_t i = romanise && n > 1 ? rng_.Below(n) : 0;
    return std::string(f.latin[i]);
  };
  auto render = [&](bool use_native, std::string& given, std::string& family, std::string& patronymic,
                    std::string& full) {
    given = form(given_forms[p.given], use_native);
    family.clear();
    patronymic.clear();
    std::string sep = use_native && !g.native_spaces ? "" : " ";
    switch (g.order) {
      case NameOrder::kSyllables:
        given += sep + form(given_forms[p.given2], use_native);
        if (p.given3 >= 0) given += sep + form(given_forms[p.given3], use_native);
        full = given;
        break;
      case NameOrder::kPatronymic:
        patronymic = form(g.male[p.father], use_native);
        full = given + (p.female ? " binti " : " bin ") + patronymic;
        break;
      case NameOrder::kFamilyGiven:
        family = form(g.family[p.family], use_native);
        full = family + sep + given;
        break;
      case NameOrder::kGivenFamily:
        if (p.family >= 0) family = form(g.family[p.family], use_native);
        full = family.empty() ? given : given + " " + family;
        break;
    }
  };
  std::string given, family, patronymic, full;
  render(native, given, family, patronymic, full);
  std::string latin_alias;
  if (native && rng_.Chance(0.6)) {
    std::string lg, lf, lp;
    render(false, lg, lf, lp, latin_alias);
  }
  if (vary && !native) {
    if (g.order == NameOrder::kPatronymic) {
      double x = rng_.Unit();
      if (x < 0.2) {
        full = given + " " + patronymic;  // "bin" dropped
        note("patronymic_dropped");
      } else if (x < 0.35) {
        full = given + (p.female ? " bt " : " b. ") + patronymic;
        note("patronymic_abbreviated");
      } else if (x < 0.5) {
        family = patronymic;  // the father's name taken for a family name
        patronymic.clear();
        full = given + " " + family;
        note("patronymic_as_family");
      }
    }
    if (rng_.Chance(0.25)) {
      std::string* target = (!family.empty() && rng_.Chance(0.5)) ? &family : &given;
      std::string typed = Typo(*target, rng_);
      if (typed != *target) {
        std::string before = *target;
        *target = typed;
        size_t at = full.find(before);
        if (at != std::string::npos) full.replace(at, before.size(), typed);
        note("typo");
      }
    }
    if (!family.empty() && g.order == NameOrder::kGivenFamily && rng_.Chance(0.1)) {
      full = UpperAscii(family) + " " + given;
      note("name_order_reversed");
    } else if (rng_.Chance(0.12)) {
      full = UpperAscii(full);
      given = UpperAscii(given);
      family = UpperAscii(family);
      note("upper_case");
    } else if (g.order == NameOrder::kGivenFamily && !family.empty() && rng_.Chance(0.05) && IsAsciiText(given)) {
      full = given.substr(0, 1) + ". " + family;
      note("given_name_initial");
    }
  }
  if (vary && rng_.Chance(0.15)) {
    auto& hon = p.female ? g.honorific_female : g.honorific_male;
    if (!hon.empty()) {
      const NameForm& h = hon[rng_.Below(hon.size())];
      std::string title = native ? std::string(h.native) : std::string(h.latin[rng_.Below(h.LatinCount())]);
      full = title + " " + full;
      note("honorific");
    }
  }
  // Date of birth.
  PartialDate dob = p.dob;
  if (vary) {
    double x = rng_.Unit();
    if (x < 0.12 && dob.day <= 12 && dob.day != dob.month) {
      std::swap(dob.day, dob.month);
      note("dob_day_month_swapped");
    } else if (x < 0.24) {
      dob.month = dob.day = 0;
      note("dob_year_only");
    } else if (x < 0.32) {
      dob = {};
      note("dob_missing");
    }
  } else if (p.client || p.victim ? rng_.Chance(0.2) : rng_.Chance(0.05)) {
    dob.month = dob.day = 0;
    note("dob_year_only");
  }
  bool gender_known = !(vary && rng_.Chance(0.1));
  if (!gender_known) note("gender_missing");
  bool nationality_known = !(vary && rng_.Chance(0.1));
  if (!nationality_known) note("nationality_missing");
  // Phone and passport as this member knows them.
  std::string phone;
  if (!p.phones.empty() && (primary || !rec.phone_id.empty())) {
    phone = FormatPhoneFor(*p.residence, p.phones.front(), *r.country, vary);
    if (vary && (phone.front() == '0') != (p.residence == r.country)) {
      note("phone_format");
    }
  }
  std::string passport = (primary || !rec.doc_id.empty()) ? p.passport : std::string();
  std::string address;
  if (primary || rng_.Chance(0.4)) {
    address = std::to_string(p.house) + " " + std::string(p.residence->streets[p.street]) + ", " +
              std::string(p.city);
  }
  if (variations.empty()) variations = "none";

  Begin(RecordKind::kEntity, "Person", rec.id);
  draft_.Add("name", full);
  draft_.Add("alias", latin_alias);
  draft_.Add("given_name", given);
  draft_.Add("family_name", family);
  draft_.Add("patronymic", patronymic);
  draft_.AddDate("birth_date", dob);
  if (nationality_known) {
    draft_.Add("nationality", p.nationality->code);
    if (p.second_nationality && primary) draft_.Add("nationality", p.second_nationality->code);
  }
  if (gender_known) draft_.Add("gender", p.female ? "female" : "male");
  if (p.victim) {
    draft_.Add("victim", "true");
    draft_.Add("role", "victim");
  } else if (p.client) {
    draft_.Add("role", "client");
  } else if (primary || rng_.Chance(0.5)) {
    draft_.Add("role", p.role);
  } else {
    draft_.Add("role", "unknown");
  }
  if (!address.empty()) draft_.Add("notes", "Last known address: " + address);
  long long reported = RandomDay(r.opened_day, std::min(cutoff_day_, r.opened_day + 700));
  Stamp(r, reported, p.victim);
  Finish();

  block_.counts.person_records++;
  std::string dob_text;
  AppendDate(dob_text, dob);
  AppendCsv(block_.resolve, {rec.id, r.country->code, given, family, full, dob_text,
                             gender_known ? (p.female ? "female" : "male") : "",
                             nationality_known ? p.nationality->code : "", passport, phone, address});
  AppendCsv(block_.persons, {rec.id, p.person_id});
  AppendCsv(block_.variations, {rec.id, p.person_id, r.country->code, primary ? "true" : "false",
                                native ? g.script : std::string_view("Latn"), variations});
}

void UnitBuilder::BeginGenuinePassport(const Person& p, const std::string& id) {
  Begin(RecordKind::kEntity, "IdentityDocument", id);
  draft_.Add("document_type", "passport");
  draft_.Add("number", p.passport);
  draft_.Add("issuing_country", p.nationality->code);
  draft_.Add("status", "genuine");
}

// The holds links from each of a person's records to what that record's
// member attached to it.
void UnitBuilder::EmitHoldsLinks(const Person& p, long long from) {
  const PersonRecord& main = p.records.front();
  auto holds = [&](int recorder, const std::string& source, const std::string& target, bool sensitive) {
    Link(recorder, "holds", source, target, from, 0, sensitive);
    Finish();
  };
  for (const auto& id : p.phone_ids) holds(main.recorder, main.id, id, p.victim);
  if (!p.passport_id.empty()) holds(main.recorder, main.id, p.passport_id, p.victim);
  if (!p.forged_id.empty()) holds(main.recorder, main.id, p.forged_id, p.victim);
  for (const auto& id : p.account_ids) holds(main.recorder, main.id, id, false);
  for (const auto& id : p.online_ids) holds(main.recorder, main.id, id, false);
  for (size_t k = 1; k < p.records.size(); ++k) {
    const PersonRecord& rec = p.records[k];
    if (!rec.phone_id.empty()) holds(rec.recorder, rec.id, rec.phone_id, p.victim);
    if (!rec.doc_id.empty()) holds(rec.recorder, rec.id, rec.doc_id, p.victim);
  }
}

// The entities attached to a person: phones, documents, accounts (primary
// recorder) and the duplicates' own phone and document records.
void UnitBuilder::EmitPersonAttachments(const Person& p) {
  const Recorder& home = recorders_[p.records.front().recorder];
  long long reported = RandomDay(home.opened_day, std::min(cutoff_day_, home.opened_day + 700));
  for (size_t i = 0; i < p.phone_ids.size(); ++i) {
    Begin(RecordKind::kEntity, "Phone", p.phone_ids[i]);
    draft_.Add("number", FormatPhoneFor(*p.residence, p.phones[i], *home.country, false));
    draft_.Add("country", p.residence->code);
    if (rng_.Chance(0.3)) {
      std::string imei = "35";
      for (int k = 0; k < 13; ++k) imei += static_cast<char>('0' + rng_.Below(10));
      draft_.Add("imei", imei);
    }
    Stamp(home, reported, p.victim);
    Finish();
  }
  for (size_t k = 1; k < p.records.size(); ++k) {
    const PersonRecord& rec = p.records[k];
    const Recorder& r = recorders_[rec.recorder];
    long long day = RandomDay(r.opened_day, std::min(cutoff_day_, r.opened_day + 700));
    if (!rec.phone_id.empty()) {
      Begin(RecordKind::kEntity, "Phone", rec.phone_id);
      draft_.Add("number", FormatPhoneFor(*p.residence, p.phones.front(), *r.country, true));
      draft_.Add("country", p.residence->code);
      Stamp(r, day, p.victim);
      Finish();
    }
    if (!rec.doc_id.empty()) {
      BeginGenuinePassport(p, rec.doc_id);
      Stamp(r, day, p.victim);
      Finish();
    }
  }
  if (!p.passport_id.empty()) {
    BeginGenuinePassport(p, p.passport_id);
    const NameGroup& g = GetNameGroup(p.group);
    auto& forms = p.female ? g.female : g.male;
    std::string holder = std::string(forms[p.given].latin[0]);
    if (p.family >= 0) holder += " " + std::string(g.family[p.family].latin[0]);
    draft_.Add("name", UpperAscii(holder));
    draft_.AddDate("issue_date", p.passport_issued);
    PartialDate expiry = p.passport_issued;
    expiry.year += 10;
    expiry.day = std::min(expiry.day, 28);
    draft_.AddDate("expiry_date", expiry);
    if (rng_.Chance(0.5)) {
      // The machine-readable zone as read at a border, with valid check digits.
      // (Buffers sized for any int, so that -O3's format-truncation check holds.)
      char birth[40], exp[40];
      std::snprintf(birth, sizeof birth, "%02d%02d%02d", p.dob.year % 100, p.dob.month, p.dob.day);
      std::snprintf(exp, sizeof exp, "%02d%02d%02d", expiry.year % 100, expiry.month, expiry.day);
      draft_.Add("notes", "MRZ line 2: " + MrzLine2(p.passport, p.nationality->code, birth, p.female ? 'F' : 'M', exp));
    }
    Stamp(home, reported, p.victim);
    Finish();
  }
  if (!p.forged_id.empty()) {
    Begin(RecordKind::kEntity, "IdentityDocument", p.forged_id);
    draft_.Add("document_type", rng_.Chance(0.8) ? "passport" : "visa");
    draft_.Add("number", p.forged_number);
    draft_.Add("issuing_country", p.forged_country->code);
    static constexpr std::string_view kStatus[] = {"forged", "stolen", "fraudulently_obtained", "altered",
                                                   "impostor_use"};
    draft_.Add("status", rng_.Pick(std::span<const std::string_view>(kStatus)));
    Stamp(home, reported, p.victim);
    Finish();
  }
  for (const auto& id : p.account_ids) {
    Begin(RecordKind::kEntity, "BankAccount", id);
    bool mobile = rng_.Chance(0.35);
    std::string number;
    if (mobile) {
      number = FormatPhone(p.residence->calling_code, NewPhone(*p.residence), "", 0, PhoneStyle::kInternationalCompact);
      draft_.Add("bank", "Mobile wallet");
    } else {
      for (int k = 0; k < 12; ++k) number += static_cast<char>('0' + rng_.Below(10));
      draft_.Add("bank", std::string(p.residence->name) + " commercial bank");
    }
    draft_.Add("account_number", number);
    draft_.Add("country", p.residence->code);
    Stamp(home, reported, false);
    Finish();
  }
  const NameGroup& g = GetNameGroup(p.group);
  for (const auto& id : p.online_ids) {
    Begin(RecordKind::kEntity, "OnlineAccount", id);
    std::string handle = AsciiLower(std::string(((p.female ? g.female : g.male)[p.given]).latin[0]));
    for (auto& c : handle) {
      if (c == ' ' || c == '\'' || c == '.') c = '_';
    }
    handle += std::to_string(rng_.Range(1, 999));
    draft_.Add("handle", handle);
    draft_.Add("platform", rng_.Pick(std::span<const std::string_view>(kPlatforms)));
    Stamp(home, reported, false);
    Finish();
  }
}


// ---- Links ----

void UnitBuilder::Link(int recorder, std::string_view type, const std::string& source, const std::string& target,
                       long long from_day, long long to_day, bool sensitive) {
  const Recorder& r = recorders_[recorder];
  Begin(RecordKind::kLink, type, NewId(r, "L"));
  draft_.SetEnds(source, target);
  draft_.SetValid(FromDays(from_day), to_day > 0 ? FromDays(to_day) : PartialDate{});
  // The link is reported after it began (never before the day the originator learnt of it).
  Stamp(r, ReportedAfter(from_day), sensitive);
}

// ---- The preamble: real places and shared service providers ----

void UnitBuilder::BuildPreamble() {
  auto countries = Countries();
  for (const auto& c : countries) recorders_.push_back(Recorder{&c, &c.agencies[0], {}, {}, {}, first_day_});
  auto lead_of = [&](std::string_view code) {
    for (size_t i = 0; i < countries.size(); ++i) {
      if (countries[i].code == code) return static_cast<int>(i);
    }
    return 0;
  };
  auto places = Places();
  seq_ = static_cast<long long>(places.size());
  for (size_t i = 0; i < places.size(); ++i) {
    const PlaceInfo& pl = places[i];
    int r = lead_of(pl.country);
    Begin(RecordKind::kEntity, "Place", plan_.place_ids[i]);
    draft_.Add("name", pl.name);
    draft_.Add("country", pl.country);
    draft_.Add("locality", pl.locality);
    draft_.Add("place_kind", ToVocabulary(pl.kind));
    draft_.Add("latitude", Coordinate(pl.latitude));
    draft_.Add("longitude", Coordinate(pl.longitude));
    Stamp(recorders_[r], RandomDay(first_day_, first_day_ + 365), false);
    draft_.handling.releasable_to = std::span<const std::string_view>(&kAllMembers, 1);
    draft_.handling.classification = Classification::kUnclassified;
    draft_.handling.tlp = Tlp::kClear;
    draft_.handling.compartment = {};
    draft_.handling.originator_control = false;
    Finish();
  }
  std::vector<Person> providers;
  for (const auto& pv : plan_.providers) {
    Person p;
    p.person_id = pv.person_id;
    p.role = pv.role;
    const CountryInfo* c = FindCountry(pv.country);
    DrawIdentity(p, c, c);
    p.phones.push_back(NewPhone(*c));
    if (rng_.Chance(0.3)) p.phones.push_back(NewPhone(*c));
    p.passport = NewPassportNumber(*c);
    p.passport_issued = FromDays(RandomDay(first_day_ - 3000, first_day_));
    int home = lead_of(pv.country);
    // Providers come to notice where networks pass: the transit and destination members.
    std::vector<int> others;
    for (std::string_view code : {"MYS", "IDN", "THA", "AUS", "NZL"}) {
      int r = lead_of(code);
      if (r != home) others.push_back(r);
    }
    PlanPersonRecords(p, home, others, 0.6, pv.record_id);
    providers.push_back(std::move(p));
  }
  for (const auto& p : providers) {
    for (size_t k = 0; k < p.records.size(); ++k) EmitPerson(p, p.records[k], k == 0);
    EmitPersonAttachments(p);
    EmitHoldsLinks(p, first_day_);
    block_.counts.persons++;
    AppendCsv(block_.actors, {p.person_id, "", p.role, p.residence->code, p.nationality->code,
                              GetNameGroup(p.group).key, "false", "false"});
  }
}

// ---- A network ----

void UnitBuilder::BuildNetwork(const NetworkPlan& np) {
  const RouteTemplate& route = Routes()[np.route];
  const int cells = static_cast<int>(route.countries.size());
  std::vector<const CountryInfo*> cell_country(cells);
  for (int i = 0; i < cells; ++i) cell_country[i] = FindCountry(route.countries[i]);
  auto cell_of = [&](std::string_view code) {
    for (int i = 0; i < cells; ++i) {
      if (route.countries[i] == code) return i;
    }
    return -1;
  };
  std::vector<Position> position(cells, Position::kTransit);
  position[0] = Position::kOrigin;
  position[cells - 1] = Position::kDestination;
  std::vector<bool> embarks(cells, false);
  for (const auto& leg : route.legs) {
    if (leg.mode != Mode::kSea) continue;
    int c = cell_of(Places()[FindPlace(leg.from)].country);
    if (c >= 0) embarks[c] = true;
    if (c > 0 && c < cells - 1) position[c] = Position::kEmbarkation;
  }

  // Member agencies investigating the network: one case each.
  std::vector<int> lead(cells);
  const int idx = unit_ - 1;
  std::string codeword = std::string(kOperationWords[(idx * 7 + rng_.Below(3)) % std::size(kOperationWords)]);
  for (int i = 0; i < cells; ++i) {
    lead[i] = static_cast<int>(recorders_.size());
    for (const auto& a : cell_country[i]->agencies) {
      Recorder r{cell_country[i], &a, {}, {}, {}, 0};
      int opened_year = options_.first_year + rng_.Range(0, std::max(0, options_.years - 2));
      r.opened_day = DaysFromCivil(opened_year, 1, 1) + static_cast<long long>(rng_.Below(360));
      r.operation = "OP-" + AsciiUpper(codeword);
      r.case_ref = std::string(a.code) + "/" + std::to_string(opened_year) + "/" + Pad(rng_.Range(1, 9999), 4);
      recorders_.push_back(std::move(r));
    }
  }
  for (auto& r : recorders_) r.case_id = NewId(r, "C");
  // Releasable-to lists drawn from the route's members.
  {
    std::vector<std::string_view> all_route;
    for (int i = 0; i < cells; ++i) all_route.push_back(route.countries[i]);
    partner_lists_.push_back(all_route);
    if (cells > 2) partner_lists_.push_back({route.countries[cells - 1], route.countries[cells - 2]});
    partner_lists_.push_back({route.countries[0], route.countries[cells - 1]});
    if (route.destination != "AUS") partner_lists_.push_back({route.countries[cells - 1], "AUS"});
    else partner_lists_.push_back({"AUS", "NZL", "IDN"});
  }
  auto recorders_of = [&](int cell) {
    std::vector<int> out;
    for (size_t i = 0; i < recorders_.size(); ++i) {
      if (recorders_[i].country == cell_country[cell]) out.push_back(static_cast<int>(i));
    }
    return out;
  };
  auto pick_recorder = [&](int cell) {
    auto rs = recorders_of(cell);
    return rng_.Chance(0.7) ? rs.front() : rs[rng_.Below(rs.size())];
  };

  // Time line: active years, trend and disruption.
  int span = std::max(1, options_.years);
  int start_year = options_.first_year + static_cast<int>(rng_.Below(static_cast<uint64_t>((span + 1) / 2)));
  long long active_from = DaysFromCivil(start_year, 1, 1) + static_cast<long long>(rng_.Below(200));
  long long active_to = last_day_;
  bool disrupted = rng_.Chance(0.45) && active_to - active_from > 500;
  bool resilient = disrupted && rng_.Chance(0.35);
  long long disruption_day = disrupted ? RandomDay(active_from + 365, active_to - 60) : 0;
  int trend = static_cast<int>(rng_.Below(4));  // 0 rising, 1 falling, 2 peaking, 3 steady
  static constexpr std::string_view kTrend[] = {"rising", "falling", "peaking", "steady"};

  // Fixed entities: network, cases, safe houses, organisations, vessels, vehicles.
  int sea_legs = 0, land_legs = 0;
  for (const auto& leg : route.legs) {
    sea_legs += leg.mode == Mode::kSea;
    land_legs += leg.mode == Mode::kLand;
  }
  int vessels = sea_legs ? rng_.Range(1, 3) : 0;
  int vehicles = land_legs ? rng_.Range(1, 2) : 0;
  int organisations = rng_.Range(1, 2);
  int safe_houses = std::max(1, cells - 1);
  long long remaining = np.budget - 1 - static_cast<long long>(recorders_.size()) - vessels - vehicles -
                        organisations - safe_houses;

  // ---- People ----
  std::vector<Person> people;
  std::vector<int> lieutenants(cells, -1);
  int hub = cells > 2 ? 1 + static_cast<int>(rng_.Below(static_cast<uint64_t>(cells - 2))) : 0;
  if (route.trafficking) hub = cells - 1;
  double client_share = route.trafficking ? 0.5 : 0.55;
  auto add_person = [&](std::string_view role, int cell, bool organiser, bool lieutenant, bool client, bool victim) {
    Person p;
    p.person_id = "PER-" + unit_text_ + "-" + Pad(static_cast<long long>(people.size()) + 1, 5);
    p.role = role;
    p.cell = cell;
    p.organiser = organiser;
    p.lieutenant = lieutenant;
    p.client = client;
    p.victim = victim;
    const CountryInfo* residence = cell_country[cell];
    const CountryInfo* nationality = residence;
    if (organiser && rng_.Chance(0.7)) nationality = cell_country[0];
    if (position[cell] == Position::kDestination && !route.trafficking && rng_.Chance(0.7)) {
      nationality = cell_country[0];  // diaspora members, often naturalised
      if (rng_.Chance(0.5)) p.second_nationality = residence;
    }
    p.female = victim ? rng_.Chance(0.45) : (client ? rng_.Chance(0.2) : rng_.Chance(0.12));
    DrawIdentity(p, residence, nationality);
    if (!(victim && rng_.Chance(0.5))) {
      p.phones.push_back(NewPhone(*residence));
      if (!client && !victim && rng_.Chance(0.35)) p.phones.push_back(NewPhone(*residence));
    }
    if (rng_.Chance(organiser ? 0.8 : (client || victim) ? 0.6 : 0.3)) {
      p.passport = NewPassportNumber(*nationality);
      p.passport_issued = FromDays(RandomDay(first_day_ - 3000, first_day_ + 300));
    }
    if ((client && rng_.Chance(0.3)) || (organiser && rng_.Chance(0.4))) {
      const CountryInfo* c = FindCountry(rng_.Chance(0.5) ? "MYS" : (rng_.Chance(0.5) ? "IDN" : "THA"));
      p.forged_country = c;
      p.forged_number = NewPassportNumber(*c);
    }
    double dup = organiser ? 0.85 : lieutenant ? 0.5 : client ? 0.35 : victim ? 0.2 : 0.25;
    std::vector<int> candidates;
    for (size_t r = 0; r < recorders_.size(); ++r) {
      // Other route members; clients and victims are mostly recorded where they are found.
      if (recorders_[r].country == residence && rng_.Chance(0.8)) continue;
      candidates.push_back(static_cast<int>(r));
    }
    int home = pick_recorder(cell);
    long long cost = PlanPersonRecords(p, home, candidates, dup);
    people.push_back(std::move(p));
    remaining -= cost;
    return static_cast<int>(people.size()) - 1;
  };
  int head = add_person("organiser", hub, true, false, false, false);
  std::vector<int> organisers = {head};
  if (rng_.Chance(0.4)) {
    int co = add_person("organiser", rng_.Chance(0.5) ? hub : 0, true, false, false, false);
    people[co].boss = -1;
    organisers.push_back(co);
  }
  for (int c = 0; c < cells; ++c) {
    int l = add_person("lieutenant", c, false, true, false, false);
    people[l].boss = head;
    lieutenants[c] = l;
  }
  std::vector<int> recruiters;
  static constexpr double kCellWeights[] = {1.0, 1.2, 1.2, 1.2, 0.7};
  while (remaining > 0) {
    bool client = rng_.Chance(client_share) && people.size() > static_cast<size_t>(cells + 3);
    if (client) {
      bool victim = route.trafficking && rng_.Chance(0.75);
      int i = add_person(victim ? "victim" : "client", 0, false, false, !victim, victim);
      people[i].recruiter = recruiters.empty() ? lieutenants[0] : recruiters[rng_.Below(recruiters.size())];
      continue;
    }
    std::vector<double> weights(cells);
    for (int c = 0; c < cells; ++c) weights[c] = kCellWeights[std::min(c, 4)] * (c == cells - 1 ? 0.7 : 1.0);
    int cell = static_cast<int>(rng_.Weighted(weights));
    auto roles = RolesFor(position[cell], route.trafficking);
    if (position[cell] == Position::kOrigin && embarks[cell] && rng_.Chance(0.4)) roles = kEmbarkationRoles;
    std::vector<double> rw;
    for (const auto& r : roles) rw.push_back(r.weight);
    std::string_view role = roles[rng_.Weighted(rw)].role;
    int i = add_person(role, cell, false, false, false, false);
    people[i].boss = lieutenants[cell];
    if (role == "recruiter") recruiters.push_back(i);
  }
  auto of_role = [&](std::string_view role, int cell) {
    std::vector<int> out;
    for (size_t i = 0; i < people.size(); ++i) {
      if (people[i].role == role && (cell < 0 || people[i].cell == cell)) out.push_back(static_cast<int>(i));
    }
    return out;
  };

  // Trips along the route, with the trend and the disruption shaping when they happen.
  long long persons_count = static_cast<long long>(people.size());
  int trips = 1 + static_cast<int>(persons_count / 10);
  std::vector<long long> trip_days;
  for (int t = 0; t < trips; ++t) {
    long long day = 0;
    for (int attempt = 0; attempt < 8; ++attempt) {
      double u = rng_.Unit();
      double x = trend == 0 ? std::sqrt(u) : trend == 1 ? 1 - std::sqrt(u) : trend == 2 ? (u + rng_.Unit()) / 2 : u;
      day = active_from + static_cast<long long>(x * static_cast<double>(active_to - 30 - active_from));
      if (!disrupted || day < disruption_day) break;
      if (resilient && day > disruption_day + 180 && rng_.Chance(0.5)) break;
      day = 0;
    }
    if (day > 0) trip_days.push_back(day);
  }
  std::sort(trip_days.begin(), trip_days.end());
  std::string_view status = "active";
  if (disrupted && !resilient) status = "disrupted";
  else if (trip_days.empty() || trip_days.back() < last_day_ - 365) status = "dormant";

  // ---- Entities ----
  const int dest = cells - 1;
  const Recorder& dest_lead = recorders_[lead[dest]];
  std::string network_record = NewId(dest_lead, "N");
  std::string name = std::string(kNetworkWordsA[idx % 20]) + " " + std::string(kNetworkWordsB[(idx / 20 + idx) % 20]);
  if (idx >= 400) name += " " + std::to_string(idx / 400 + 1);
  {
    Begin(RecordKind::kEntity, "Network", network_record);
    draft_.Add("name", name);
    draft_.Add("network_status", status);
    std::string summary = std::string(route.trafficking ? "Trafficking network recruiting in " : "Smuggling network moving people from ") +
                          std::string(cell_country[0]->name) + (route.trafficking ? " for exploitation in " : " to ") +
                          std::string(cell_country[dest]->name) + " via";
    for (int c = 1; c < dest; ++c) summary += " " + std::string(cell_country[c]->name) + (c + 1 < dest ? "," : "");
    if (dest == 1) summary += " a direct route";
    summary += "; activity " + std::string(kTrend[trend]) + " since " + std::to_string(start_year) + ".";
    draft_.Add("summary", summary);
    for (int c = 0; c < cells; ++c) draft_.Add("countries", route.countries[c]);
    for (const auto& leg : route.legs) {
      std::string term = "transport_mode:" + std::string(ToVocabulary(leg.mode));
      bool seen = false;
      for (const auto& l2 : route.legs) {
        if (&l2 == &leg) break;
        seen = seen || l2.mode == leg.mode;
      }
      if (!seen) draft_.Add("modus_operandi", term);
    }
    if (sea_legs) draft_.Add("modus_operandi", "concealment:fishing_boat_hold");
    if (land_legs) draft_.Add("modus_operandi", "concealment:hidden_in_vehicle");
    draft_.Add("modus_operandi", route.trafficking ? "recruitment_method:false_job_offer" : "recruitment_method:word_of_mouth");
    if (rng_.Chance(0.5)) draft_.Add("modus_operandi", "recruitment_method:social_media");
    draft_.Add("modus_operandi", "payment_method:hawala");
    if (rng_.Chance(0.4)) draft_.Add("modus_operandi", "payment_method:mobile_money");
    draft_.Add("modus_operandi", rng_.Chance(0.6) ? "document_fraud:forged_passport" : "document_fraud:fraudulently_obtained_visa");
    if (route.trafficking) {
      draft_.Add("modus_operandi", "exploitation:fishing_slavery");
      draft_.Add("modus_operandi", "exploitation:debt_bondage");
    }
    draft_.Add("notes", "Route " + std::string(route.key) + "; hub in " + std::string(cell_country[hub]->name) + ".");
    Stamp(dest_lead, ReportedAfter(std::max(active_from + 200, dest_lead.opened_day)), false);
    Finish();
  }
  network_id_ = network_record;
  for (const auto& r : recorders_) {
    Begin(RecordKind::kEntity, "Case", r.case_id);
    draft_.Add("name", "Operation " + codeword + " (" + std::string(r.agency->code) + ")");
    draft_.Add("reference", r.case_ref);
    draft_.Add("case_status", disrupted && rng_.Chance(0.6) ? "closed" : "open");
    draft_.AddDate("opened", FromDays(r.opened_day));
    draft_.Add("offence", route.trafficking ? "trafficking in persons" : "people smuggling");
    if (rng_.Chance(0.4)) draft_.Add("offence", "identity document fraud");
    if (rng_.Chance(0.3)) draft_.Add("offence", "money laundering");
    Stamp(r, r.opened_day + rng_.Range(1, 30), false);
    Finish();
  }
  std::vector<std::string> safe_house_ids;
  std::vector<int> safe_house_cell;
  for (int s = 0; s < safe_houses; ++s) {
    int cell = 1 + s % std::max(1, cells - 1);
    if (cell >= cells) cell = cells - 1;
    int rec = lead[cell];
    std::string id = NewId(recorders_[rec], "PL");
    int city = RandomCity(route.countries[cell], rng_);
    const PlaceInfo& base = Places()[city >= 0 ? city : 0];
    Begin(RecordKind::kEntity, "Place", id);
    draft_.Add("name", "Safe house, " + std::string(base.name));
    draft_.Add("country", route.countries[cell]);
    draft_.Add("locality", base.name);
    draft_.Add("place_kind", "safe_house");
    draft_.Add("latitude", Coordinate(base.latitude + (rng_.Unit() - 0.5) * 0.08));
    draft_.Add("longitude", Coordinate(base.longitude + (rng_.Unit() - 0.5) * 0.08));
    Stamp(recorders_[rec], ReportedAfter(active_from + 100), false);
    Finish();
    safe_house_ids.push_back(id);
    safe_house_cell.push_back(cell);
  }
  std::vector<std::string> org_ids;
  for (int o = 0; o < organisations; ++o) {
    int rec = lead[hub];
    std::string id = NewId(recorders_[rec], "O");
    Begin(RecordKind::kEntity, "Organisation", id);
    std::string_view kind_name = rng_.Pick(std::span<const std::string_view>(kFrontCompanies));
    draft_.Add("name", std::string(rng_.Pick(std::span<const std::string_view>(kCompanyNames))) + " " +
                           std::string(kind_name));
    draft_.Add("org_kind", kind_name == "Travel & Tours"           ? "travel_agency"
                           : kind_name == "Manpower Agency"         ? "recruitment_agency"
                           : kind_name == "Money Exchange"          ? "money_service"
                           : kind_name == "Overseas Employment Services" ? "recruitment_agency"
                                                                         : "front_company");
    draft_.Add("country", route.countries[hub]);
    draft_.Add("registration_number", std::to_string(rng_.Range(100000, 999999)) + "-" +
                                          static_cast<char>('A' + rng_.Below(26)));
    Stamp(recorders_[rec], ReportedAfter(active_from + 60), false);
    Finish();
    org_ids.push_back(id);
  }
  std::vector<std::string> vessel_ids;
  int embark_cell = 0;
  for (int c = 0; c < cells; ++c) {
    if (embarks[c]) embark_cell = c;
  }
  for (int v = 0; v < vessels; ++v) {
    const CountryInfo* flag = cell_country[embark_cell];
    int rec = rng_.Chance(0.5) ? lead[dest] : lead[embark_cell];
    std::string id = NewId(recorders_[rec], "V");
    Begin(RecordKind::kEntity, "Vessel", id);
    std::string vname = std::string(rng_.Pick(std::span<const std::string_view>(kBoatNames)));
    if (rng_.Chance(0.6)) vname += " " + std::to_string(rng_.Range(1, 99));
    draft_.Add("name", vname);
    bool big = rng_.Chance(0.2);
    if (big || rng_.Chance(0.2)) draft_.Add("imo", ImoNumber(rng_.Range(800000, 999999)));
    if (flag->mmsi_mid && rng_.Chance(0.6)) draft_.Add("mmsi", std::to_string(flag->mmsi_mid) + Pad(rng_.Range(0, 999999), 6));
    draft_.Add("flag", flag->code);
    draft_.Add("vessel_type", big ? "cargo_ship" : "fishing_boat");
    draft_.AddInt("capacity", big ? rng_.Range(150, 400) : rng_.Range(20, 120));
    Stamp(recorders_[rec], ReportedAfter(active_from + 150), false);
    Finish();
    vessel_ids.push_back(id);
  }
  std::vector<std::string> vehicle_ids;
  std::vector<int> vehicle_cell;
  for (int v = 0; v < vehicles; ++v) {
    int cell = cells > 1 ? 1 + static_cast<int>(rng_.Below(static_cast<uint64_t>(cells - 1))) : 0;
    if (position[cell] == Position::kDestination && cells > 2) cell = 1;
    int rec = lead[cell];
    std::string id = NewId(recorders_[rec], "VH");
    static constexpr std::string_view kModels[] = {"Toyota Hiace", "Isuzu D-Max", "Mitsubishi L300", "Suzuki Carry",
                                                   "Hino Ranger truck"};
    std::string_view model = rng_.Pick(std::span<const std::string_view>(kModels));
    Begin(RecordKind::kEntity, "Vehicle", id);
    draft_.Add("name", std::string(model) + " van");
    std::string plate;
    for (int k = 0; k < 3; ++k) plate += static_cast<char>('A' + rng_.Below(26));
    plate += " " + std::to_string(rng_.Range(1000, 9999));
    draft_.Add("registration", plate);
    draft_.Add("country", route.countries[cell]);
    draft_.Add("model", model);
    Stamp(recorders_[rec], ReportedAfter(active_from + 120), false);
    Finish();
    vehicle_ids.push_back(id);
    vehicle_cell.push_back(cell);
  }
  for (const auto& p : people) {
    for (size_t k = 0; k < p.records.size(); ++k) EmitPerson(p, p.records[k], k == 0);
    EmitPersonAttachments(p);
  }

  // ---- Links ----
  auto primary = [&](const Person& p) -> const std::string& { return p.records.front().id; };
  auto home = [&](const Person& p) { return p.records.front().recorder; };
  auto any_recorder = [&](const Person& p) {
    return rng_.Chance(0.7) ? p.records.front().recorder : p.records[rng_.Below(p.records.size())].recorder;
  };
  auto since = [&](const Person&) { return RandomDay(active_from - 200, active_from + 200); };
  long long until = disrupted && !resilient ? disruption_day : 0;
  for (auto& p : people) {
    long long from = since(p);
    int r = home(p);
    EmitHoldsLinks(p, from);
    if (p.client || p.victim) continue;
    Link(r, "member_of", primary(p), network_record, from, until);
    draft_.Add("role", p.role);
    Finish();
  }
  for (size_t i = 0; i < people.size(); ++i) {
    Person& p = people[i];
    if (p.boss >= 0) {
      const Person& b = people[p.boss];
      int r = any_recorder(b);
      Link(r, "directs", RecordOf(b, r), RecordOf(p, r), since(p), until);
      Finish();
      Edge(b, p, 3);
      if (rng_.Chance(0.7)) {
        int count = rng_.Range(2, 400);
        Link(r, "communicated_with", RecordOf(b, r), RecordOf(p, r), since(p), until);
        draft_.AddInt("count", count);
        Finish();
        Edge(b, p, 1 + count / 50);
      }
    }
    if (p.recruiter >= 0) {
      const Person& rc = people[p.recruiter];
      int r = home(rc);
      Link(r, "recruits", RecordOf(rc, r), RecordOf(p, r), since(p), 0, p.victim);
      Finish();
      if (p.client && rng_.Chance(0.5)) {
        Link(home(p), "pays", RecordOf(p, home(p)), RecordOf(rc, home(p)), since(p), 0);
        draft_.Add("amount", Money(rng_.Range(20, 120) * 100.0));
        draft_.Add("currency", "USD");
        Finish();
      }
    }
  }
  // Organisers: co-organiser ties, finances from money brokers, payments to officials, companies.
  const Person& boss = people[head];
  if (organisers.size() > 1) {
    const Person& co = people[organisers[1]];
    if (rng_.Chance(0.5)) {
      Link(home(boss), "family_of", primary(boss), RecordOf(co, home(boss)), active_from - 3000, 0);
      static constexpr std::string_view kRel[] = {"sibling", "cousin", "in_law"};
      draft_.Add("relationship", rng_.Pick(std::span<const std::string_view>(kRel)));
    } else {
      Link(home(boss), "associate_of", primary(boss), RecordOf(co, home(boss)), active_from - 400, 0);
    }
    Finish();
    Edge(boss, co, 4);
    for (int c = 0; c < cells; ++c) {
      if (rng_.Chance(0.3)) {
        const Person& l = people[lieutenants[c]];
        Link(home(co), "directs", primary(co), RecordOf(l, home(co)), since(l), until);
        Finish();
        Edge(co, l, 2);
      }
    }
  }
  if (rng_.Chance(0.4) && cells > 1) {
    const Person& l = people[lieutenants[rng_.Below(static_cast<uint64_t>(cells))]];
    Link(home(boss), "family_of", primary(boss), RecordOf(l, home(boss)), active_from - 5000, 0);
    draft_.Add("relationship", rng_.Chance(0.5) ? "sibling" : "cousin");
    Finish();
    Edge(boss, l, 2);
  }
  for (int i : of_role("money_broker", -1)) {
    const Person& m = people[i];
    Link(home(m), "finances", primary(m), RecordOf(boss, home(m)), since(m), until);
    Finish();
    Edge(m, boss, 2);
  }
  for (int i : of_role("corrupt_official", -1)) {
    const Person& o = people[i];
    Link(home(o), "pays", RecordOf(boss, home(o)), primary(o), since(o), until);
    draft_.Add("amount", Money(rng_.Range(5, 80) * 100.0));
    draft_.Add("currency", "USD");
    Finish();
    Edge(boss, o, 1);
  }
  for (int i : of_role("document_forger", -1)) {
    const Person& f = people[i];
    Link(home(f), "forges_documents_for", primary(f), RecordOf(boss, home(f)), since(f), until);
    Finish();
    Edge(f, boss, 1);
  }
  for (size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    if (!p.client || p.forged_id.empty()) continue;
    auto forgers = of_role("document_forger", -1);
    if (forgers.empty()) continue;
    const Person& f = people[forgers[rng_.Below(forgers.size())]];
    Link(home(f), "forges_documents_for", primary(f), RecordOf(p, home(f)), since(p), 0);
    Finish();
  }
  for (const auto& org : org_ids) {
    Link(lead[hub], "owns", RecordOf(boss, lead[hub]), org, active_from - 300, 0);
    Finish();
  }
  for (size_t v = 0; v < vessel_ids.size(); ++v) {
    auto crews = of_role("boat_crew", -1);
    if (rng_.Chance(0.5)) {
      Link(home(boss), "owns", primary(boss), vessel_ids[v], active_from - 100, 0);
      Finish();
    }
    for (int c : crews) {
      if (!rng_.Chance(0.6)) continue;
      Link(home(people[c]), "uses", primary(people[c]), vessel_ids[v], since(people[c]), until);
      Finish();
    }
  }
  for (size_t v = 0; v < vehicle_ids.size(); ++v) {
    for (int d : of_role("driver", vehicle_cell[v])) {
      Link(home(people[d]), "uses", primary(people[d]), vehicle_ids[v], since(people[d]), until);
      Finish();
    }
  }
  for (size_t s = 0; s < safe_house_ids.size(); ++s) {
    for (int k : of_role("safe_house_keeper", safe_house_cell[s])) {
      Link(home(people[k]), "located_at", primary(people[k]), safe_house_ids[s], since(people[k]), until);
      Finish();
    }
  }
  // Associates inside each cell, and transporters moving clients.
  for (size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    if (p.client || p.victim || p.organiser || !rng_.Chance(0.2)) continue;
    size_t j = rng_.Below(people.size());
    const Person& q = people[j];
    if (j == i || q.cell != p.cell || q.client || q.victim) continue;
    Link(home(p), "associate_of", primary(p), RecordOf(q, home(p)), since(p), 0);
    Finish();
    Edge(p, q, 1);
  }
  std::vector<int> movers = of_role("transporter", -1);
  for (int i : of_role("boat_crew", -1)) movers.push_back(i);
  for (int i : of_role("driver", -1)) movers.push_back(i);
  for (size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    if (!(p.client || p.victim) || movers.empty() || !rng_.Chance(0.3)) continue;
    const Person& t = people[movers[rng_.Below(movers.size())]];
    Link(home(t), "transports", primary(t), RecordOf(p, home(t)), since(p), 0, p.victim);
    Finish();
  }
  if (route.trafficking) {
    auto enforcers = of_role("enforcer", -1);
    enforcers.push_back(head);
    static constexpr std::string_view kForms[] = {"fishing_slavery", "forced_labour", "debt_bondage",
                                                  "sexual_exploitation"};
    for (const auto& p : people) {
      if (!p.victim) continue;
      const Person& e = people[enforcers[rng_.Below(enforcers.size())]];
      int r = lead[dest];
      Link(r, "exploited", RecordOf(e, r), RecordOf(p, r), since(p), 0, true);
      draft_.Add("exploitation", kForms[rng_.Below(std::size(kForms))]);
      if (rng_.Chance(0.5)) draft_.Add("exploitation", "debt_bondage");
      Finish();
    }
  }
  // Shared service providers of the preamble.
  if (!plan_.providers.empty()) {
    int n = static_cast<int>(rng_.Below(3));
    for (int k = 0; k < n; ++k) {
      const Provider& pv = plan_.providers[rng_.Below(plan_.providers.size())];
      int r = home(boss);
      Link(r, pv.role == "document_forger" ? "forges_documents_for" : "finances", pv.record_id, primary(boss),
           active_from, until);
      Finish();
      Edge(pv.person_id, boss.person_id, 2);
    }
  }

  // ---- Events ----
  auto place_id = [&](std::string_view name) -> const std::string& { return plan_.place_ids[FindPlace(name)]; };
  auto pick_in = [&](const std::vector<int>& v) { return v.empty() ? -1 : v[rng_.Below(v.size())]; };
  std::vector<int> clients;
  for (size_t i = 0; i < people.size(); ++i) {
    if (people[i].client || people[i].victim) clients.push_back(static_cast<int>(i));
  }
  const CountryInfo* origin = cell_country[0];
  for (long long day : trip_days) {
    long long d = day;
    for (const auto& leg : route.legs) {
      const PlaceInfo& from = Places()[FindPlace(leg.from)];
      const PlaceInfo& to = Places()[FindPlace(leg.to)];
      int from_cell = std::max(0, cell_of(from.country));
      int to_cell = std::max(0, cell_of(to.country));
      int r = leg.mode == Mode::kSea && rng_.Chance(0.6) ? pick_recorder(to_cell) : pick_recorder(from_cell);
      Begin(RecordKind::kEvent, "Movement", NewId(recorders_[r], "E"));
      draft_.AddDate("date", FromDays(d));
      draft_.Add("from_place", place_id(leg.from));
      draft_.Add("to_place", place_id(leg.to));
      draft_.Add("mode", ToVocabulary(leg.mode));
      if (!leg.crossing.empty()) draft_.Add("crossing_point", place_id(leg.crossing));
      int people_moved = leg.mode == Mode::kSea ? rng_.Range(12, 180) : leg.mode == Mode::kLand ? rng_.Range(3, 40)
                                                                                                : rng_.Range(1, 6);
      draft_.AddInt("people", people_moved);
      if (leg.mode == Mode::kSea && !vessel_ids.empty()) {
        draft_.Add("vessel", vessel_ids[rng_.Below(vessel_ids.size())]);
        draft_.Add("concealment", rng_.Chance(0.6) ? "fishing_boat_hold" : "none");
      } else if (leg.mode == Mode::kLand) {
        if (!vehicle_ids.empty() && rng_.Chance(0.6)) draft_.Add("vessel", vehicle_ids[rng_.Below(vehicle_ids.size())]);
        draft_.Add("concealment", rng_.Chance(0.5) ? "hidden_in_vehicle" : (rng_.Chance(0.3) ? "on_foot_jungle" : "none"));
      }
      std::vector<int> crew;
      for (int m : movers) {
        if (people[m].cell == from_cell) crew.push_back(m);
      }
      int mover = pick_in(crew);
      if (mover >= 0) draft_.Add("participants", RecordOf(people[mover], r));
      for (int k = 0, n = rng_.Range(0, 2); k < n && !clients.empty(); ++k) {
        draft_.Add("participants", RecordOf(people[clients[rng_.Below(clients.size())]], r));
      }
      Stamp(recorders_[r], ReportedAfter(d), route.trafficking);
      Finish();
      d += leg.mode == Mode::kSea ? rng_.Range(3, 12) : rng_.Range(1, 20);
    }
    // Payments around the trip: fees to the recruiter or broker, hawala to the organiser, cash to crews.
    auto brokers = of_role("money_broker", -1);
    int payer = pick_in(clients);
    int payee = brokers.empty() ? (recruiters.empty() ? head : pick_in(recruiters)) : pick_in(brokers);
    static constexpr std::string_view kChannels[] = {"hawala", "bank", "mobile_money", "cash",
                                                     "money_transfer_operator"};
    static constexpr double kChannelWeights[] = {0.45, 0.15, 0.2, 0.15, 0.05};
    if (payer >= 0) {
      int r = home(people[payee]);
      Begin(RecordKind::kEvent, "Payment", NewId(recorders_[r], "E"));
      draft_.AddDate("date", FromDays(day - rng_.Range(5, 60)));
      bool local = rng_.Chance(0.4);
      double usd = rng_.Range(25, 140) * 100.0;
      draft_.Add("amount", local ? Money(usd * 280) : Money(usd));
      draft_.Add("currency", local ? origin->currency : "USD");
      draft_.Add("channel", kChannels[rng_.Weighted(kChannelWeights)]);
      draft_.Add("payer", RecordOf(people[payer], r));
      draft_.Add("payee", RecordOf(people[payee], r));
      draft_.Add("purpose", "smuggling fee");
      Stamp(recorders_[r], ReportedAfter(day), false);
      Finish();
    }
    if (payee >= 0 && payee != head) {
      int r = home(people[payee]);
      Begin(RecordKind::kEvent, "Payment", NewId(recorders_[r], "E"));
      draft_.AddDate("date", FromDays(day - rng_.Range(0, 20)));
      draft_.Add("amount", Money(rng_.Range(50, 900) * 100.0));
      draft_.Add("currency", "USD");
      draft_.Add("channel", rng_.Chance(0.7) ? "hawala" : "money_transfer_operator");
      draft_.Add("payer", RecordOf(people[payee], r));
      draft_.Add("payee", RecordOf(boss, r));
      draft_.Add("purpose", "transfer of collected fees");
      Stamp(recorders_[r], ReportedAfter(day), false);
      Finish();
      Edge(people[payee], boss, 1);
    }
    auto crews = of_role("boat_crew", -1);
    if (!crews.empty() && rng_.Chance(0.6)) {
      const Person& c = people[pick_in(crews)];
      int r = home(c);
      Begin(RecordKind::kEvent, "Payment", NewId(recorders_[r], "E"));
      draft_.AddDate("date", FromDays(day));
      draft_.Add("amount", Money(rng_.Range(5, 40) * 100.0));
      draft_.Add("currency", c.residence->currency);
      draft_.Add("channel", "cash");
      draft_.Add("payer", RecordOf(boss, r));
      draft_.Add("payee", primary(c));
      draft_.Add("purpose", "crew payment");
      Stamp(recorders_[r], ReportedAfter(day), false);
      Finish();
      Edge(boss, c, 1);
    }
  }
  // Communications along the hierarchy.
  static constexpr std::string_view kMedia[] = {"call", "messaging", "sms", "call", "messaging"};
  for (const auto& p : people) {
    if (p.boss < 0 || !rng_.Chance(0.35)) continue;
    const Person& b = people[p.boss];
    int r = any_recorder(p);
    long long day = RandomDay(active_from, until > 0 ? until : active_to);
    Begin(RecordKind::kEvent, "Communication", NewId(recorders_[r], "E"));
    draft_.AddDate("date", FromDays(day));
    draft_.Add("from", RecordOf(b, r));
    draft_.Add("to", RecordOf(p, r));
    std::string_view medium = kMedia[rng_.Below(std::size(kMedia))];
    draft_.Add("medium", medium);
    if (medium == "call") draft_.AddInt("duration_s", rng_.Range(15, 900));
    Stamp(recorders_[r], ReportedAfter(day), false);
    Finish();
  }
  // Meetings of the leadership, one or two a year while active.
  for (int y = start_year; y < options_.first_year + options_.years; ++y) {
    long long day = DaysFromCivil(y, 1, 1) + static_cast<long long>(rng_.Below(360));
    if (day < active_from || (until > 0 && day > until) || !rng_.Chance(0.7)) continue;
    int r = pick_recorder(hub);
    Begin(RecordKind::kEvent, "Meeting", NewId(recorders_[r], "E"));
    draft_.AddDate("date", FromDays(day));
    int city = RandomCity(route.countries[hub], rng_);
    if (city >= 0) draft_.Add("place", plan_.place_ids[city]);
    draft_.Add("participants", RecordOf(boss, r));
    for (int o : organisers) {
      if (o != head) draft_.Add("participants", RecordOf(people[o], r));
    }
    for (int c = 0; c < cells; ++c) {
      if (rng_.Chance(0.5)) {
        draft_.Add("participants", RecordOf(people[lieutenants[c]], r));
        Edge(boss, people[lieutenants[c]], 1);
      }
    }
    Stamp(recorders_[r], ReportedAfter(day), false);
    Finish();
  }
  // Disruption actions.
  std::string disrupted_on;
  if (disrupted) {
    AppendDate(disrupted_on, FromDays(disruption_day));
    int r = pick_recorder(hub);
    auto action = [&](std::string_view what, long long day, const std::string& target, int recorder) {
      Begin(RecordKind::kEvent, "DisruptionAction", NewId(recorders_[recorder], "E"));
      draft_.AddDate("date", FromDays(std::min(day, cutoff_day_)));
      draft_.Add("action", what);
      draft_.Add("acting_member", recorders_[recorder].country->code);
      draft_.Add("target", target);
      int city = RandomCity(recorders_[recorder].country->code, rng_);
      if (city >= 0) draft_.Add("place", plan_.place_ids[city]);
      Stamp(recorders_[recorder], std::min(cutoff_day_, day + rng_.Range(1, 30)), false);
      Finish();
    };
    action("arrest", disruption_day, RecordOf(boss, r), r);
    for (int c = 0; c < cells; ++c) {
      if (rng_.Chance(0.5)) {
        int rc = pick_recorder(c);
        action("arrest", disruption_day + rng_.Range(0, 20), RecordOf(people[lieutenants[c]], rc), rc);
      }
    }
    if (!boss.account_ids.empty()) action("account_freeze", disruption_day + rng_.Range(1, 15), boss.account_ids[0], r);
    if (!vessel_ids.empty() && rng_.Chance(0.6)) {
      action("vessel_seizure", disruption_day + rng_.Range(0, 30), vessel_ids[0], lead[embark_cell]);
    }
    if (rng_.Chance(0.5)) action("asset_seizure", disruption_day + rng_.Range(5, 60), RecordOf(boss, r), r);
    if (hub != dest) {
      action("mla_request", disruption_day + rng_.Range(10, 90), RecordOf(boss, lead[dest]), lead[dest]);
      if (rng_.Chance(0.3)) action("extradition", disruption_day + rng_.Range(120, 400), RecordOf(boss, lead[dest]), lead[dest]);
    }
    action("prosecution", disruption_day + rng_.Range(60, 300), RecordOf(boss, r), r);
    if (rng_.Chance(0.6)) action("conviction", disruption_day + rng_.Range(300, 700), RecordOf(boss, r), r);
  }

  // ---- Ground truth ----
  long long actors = 0;
  for (const auto& p : people) {
    bool actor = !p.client && !p.victim;
    actors += actor;
    AppendCsv(block_.actors, {p.person_id, network_record, p.role, p.residence->code, p.nationality->code,
                              GetNameGroup(p.group).key, p.organiser ? "true" : "false", p.victim ? "true" : "false"});
  }
  for (int o : organisers) {
    std::string ids;
    for (const auto& rec : people[o].records) ids += (ids.empty() ? "" : ";") + rec.id;
    AppendCsv(block_.organisers, {network_record, people[o].person_id, ids});
  }
  std::string countries;
  for (int c = 0; c < cells; ++c) countries += (c ? ";" : "") + std::string(route.countries[c]);
  AppendCsv(block_.networks, {network_record, name, route.key, route.origin, route.destination, countries, status,
                              std::to_string(persons_count), std::to_string(actors),
                              std::to_string(organisers.size()), std::to_string(trip_days.size()), disrupted_on});
  for (const auto& [key, weight] : edges_) AppendCsv(block_.edges, {key.first, key.second, std::to_string(weight)});
  block_.counts.persons += persons_count;
  block_.counts.networks = 1;
}

}  // namespace

void GenerationSummary::Add(const GenerationSummary& o) {
  entities += o.entities;
  links += o.links;
  events += o.events;
  persons += o.persons;
  person_records += o.person_records;
  networks += o.networks;
  bytes += o.bytes;
  for (const auto& [type, n] : o.by_type) by_type[type] += n;
}

RunPlan MakePlan(const GeneratorOptions& options) {
  RunPlan plan;
  plan.options = options;
  Rng rng = Rng::Stream(options.seed, ~0ULL);
  auto places = Places();
  auto lead_agency = [](std::string_view code) { return std::string(FindCountry(code)->agencies[0].code); };
  for (size_t i = 0; i < places.size(); ++i) {
    plan.place_ids.push_back(std::string(places[i].country) + "-" + lead_agency(places[i].country) + "-PL-000000-" +
                             Pad(static_cast<long long>(i) + 1, 5));
  }
  constexpr double kMeanNetwork = 900;
  long long k = std::max<long long>(3, std::llround(static_cast<double>(options.entities) / kMeanNetwork));
  long long providers = std::max<long long>(3, k / 8);
  static constexpr std::string_view kHubs[] = {"MYS", "IDN", "THA", "PAK", "AFG", "LKA", "BGD"};
  static constexpr double kHubWeights[] = {3, 3, 2, 2, 1, 1, 1};
  for (long long i = 0; i < providers; ++i) {
    Provider p;
    p.country = std::string(kHubs[rng.Weighted(kHubWeights)]);
    p.role = i % 2 == 0 ? "document_forger" : "money_broker";
    p.person_id = "PER-SP" + Pad(i + 1, 5);
    p.record_id = p.country + "-" + lead_agency(p.country) + "-P-SP" + Pad(i + 1, 5);
    plan.providers.push_back(std::move(p));
  }
  // About 3.5 entities per provider (person records, phones, passport, accounts).
  plan.preamble_budget = static_cast<long long>(places.size()) + providers * 7 / 2;
  long long networks_total = std::max<long long>(k * 60, options.entities - plan.preamble_budget);
  std::vector<double> weights(static_cast<size_t>(k));
  double sum = 0;
  for (auto& w : weights) {
    // Network sizes vary roughly log-normally: many small networks, a few large ones.
    double g = 0;
    for (int j = 0; j < 4; ++j) g += rng.Unit();
    w = std::exp(0.9 * (g - 2.0));
    sum += w;
  }
  std::vector<double> route_weights;
  for (const auto& r : Routes()) route_weights.push_back(r.weight);
  long long assigned = 0;
  for (long long i = 0; i < k; ++i) {
    NetworkPlan np;
    np.budget = i + 1 == k ? networks_total - assigned
                           : std::llround(static_cast<double>(networks_total) * weights[static_cast<size_t>(i)] / sum);
    np.budget = std::max<long long>(np.budget, 40);
    assigned += np.budget;
    np.route = static_cast<int>(rng.Weighted(route_weights));
    plan.networks.push_back(np);
  }
  return plan;
}

void BuildUnit(const RunPlan& plan, int unit, Block& block) {
  UnitBuilder builder(plan, unit, block);
  if (unit == 0) {
    builder.BuildPreamble();
  } else {
    // Room for the network's text up front (about 570 bytes a record, 2.5
    // records an entity) saves copying it while the strings grow.
    const NetworkPlan& network = plan.networks[static_cast<size_t>(unit) - 1];
    block.entities.reserve(static_cast<size_t>(network.budget) * 600);
    block.relations.reserve(static_cast<size_t>(network.budget) * 900);
    builder.BuildNetwork(network);
  }
}

}  // namespace disrupt::generate
