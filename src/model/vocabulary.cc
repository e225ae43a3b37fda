// Built-in controlled vocabularies; see vocabulary.h.
#include "model/vocabulary.h"

#include <cctype>

namespace disrupt::model {

namespace {

struct Default {
  const char* vocabulary;
  const char* terms;  // comma-separated snake_case keys
};

// Term keys are stable: records store them. Labels are derived from keys.
constexpr Default kDefaults[] = {
    {"gender", "female,male,other,unknown"},
    {"role",
     "organiser,recruiter,transporter,boat_crew,driver,document_forger,money_broker,corrupt_official,facilitator,"
     "safe_house_keeper,guide,enforcer,lieutenant,financier,victim,client,unknown"},
    {"org_kind", "criminal_group,front_company,travel_agency,recruitment_agency,shipping_company,money_service,ngo,other"},
    {"vessel_type", "fishing_boat,cargo_ship,passenger_ferry,speedboat,yacht,tanker,other"},
    {"document_type", "passport,id_card,visa,residence_permit,seaman_book,birth_certificate,driving_licence,other"},
    {"document_status", "genuine,forged,counterfeit,stolen,fraudulently_obtained,impostor_use,altered"},
    {"place_kind",
     "port,airport,land_border_crossing,safe_house,embarkation_point,landing_point,city,transit_camp,office,other"},
    {"case_status", "open,closed,suspended,referred"},
    {"network_status", "active,disrupted,dormant"},
    {"relationship", "spouse,sibling,parent,child,cousin,in_law,other"},
    {"medium", "call,sms,messaging,email,in_person,other"},
    {"disruption_action",
     "arrest,asset_seizure,extradition,mla_request,prosecution,conviction,deportation,travel_ban,vessel_seizure,"
     "account_freeze,other"},
    // Modus operandi.
    {"transport_mode", "air,sea,land"},
    {"concealment", "none,hidden_in_vehicle,container,fishing_boat_hold,false_compartment,crew_disguise,on_foot_jungle"},
    {"document_fraud", "forged_passport,fraudulently_obtained_visa,impostor,stolen_blank,altered_photo,fake_employment_letter"},
    {"recruitment_method", "word_of_mouth,social_media,diaspora_network,false_job_offer,debt,family,travel_agency"},
    {"payment_method", "bank,hawala,mobile_money,cash,cryptocurrency,money_transfer_operator,trade_based"},
    {"exploitation", "forced_labour,sexual_exploitation,debt_bondage,forced_marriage,forced_criminality,fishing_slavery"},
    {"modus_operandi", ""},  // terms are "vocabulary:term" of the vocabularies above
};

std::string LabelOf(std::string_view key) {
  std::string label(key);
  for (auto& c : label) {
    if (c == '_') c = ' ';
  }
  if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

bool IsKey(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace

const std::vector<std::string_view>& ModusOperandiVocabularies() {
  static const std::vector<std::string_view> v = {"transport_mode", "concealment",   "document_fraud",
                                                  "recruitment_method", "payment_method", "exploitation"};
  return v;
}

Vocabularies Vocabularies::Defaults() {
  Vocabularies v;
  for (const auto& d : kDefaults) {
    auto& terms = v.terms_[d.vocabulary];
    std::string_view all = d.terms;
    while (!all.empty()) {
      size_t comma = all.find(',');
      std::string_view key = all.substr(0, comma);
      terms.emplace(std::string(key), LabelOf(key));
      if (comma == std::string_view::npos) break;
      all.remove_prefix(comma + 1);
    }
  }
  return v;
}

bool Vocabularies::HasVocabulary(std::string_view vocabulary) const { return terms_.find(vocabulary) != terms_.end(); }

bool Vocabularies::Has(std::string_view vocabulary, std::string_view term) const {
  if (vocabulary == "modus_operandi") {
    // "vocabulary:term" of one of the modus operandi vocabularies.
    size_t colon = term.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view v = term.substr(0, colon);
    bool is_mo = false;
    for (auto m : ModusOperandiVocabularies()) is_mo = is_mo || m == v;
    return is_mo && Has(v, term.substr(colon + 1));
  }
  auto it = terms_.find(vocabulary);
  if (it == terms_.end()) return false;
  return it->second.find(std::string(term)) != it->second.end();
}

Status Vocabularies::Add(const Term& term, bool allow_new_vocabulary) {
  if (!IsKey(term.vocabulary)) return Status::InvalidArgument("vocabulary name must be snake_case", "vocabulary");
  if (!IsKey(term.term)) return Status::InvalidArgument("term must be snake_case (a-z, 0-9, _)", "term");
  if (term.vocabulary == "modus_operandi") {
    return Status::InvalidArgument("add terms to a modus operandi vocabulary such as concealment", "vocabulary");
  }
  auto it = terms_.find(term.vocabulary);
  if (it == terms_.end()) {
    if (!allow_new_vocabulary) {
      return Status::InvalidArgument("unknown vocabulary '" + term.vocabulary + "'", "vocabulary");
    }
    it = terms_.emplace(term.vocabulary, std::map<std::string, std::string>{}).first;
  }
  it->second[term.term] = term.label.empty() ? LabelOf(term.term) : term.label;
  return Status::Ok();
}

std::vector<Term> Vocabularies::TermsOf(std::string_view vocabulary) const {
  std::vector<Term> out;
  auto it = terms_.find(vocabulary);
  if (it == terms_.end()) return out;
  for (const auto& [k, label] : it->second) out.push_back(Term{std::string(vocabulary), k, label});
  return out;
}

std::vector<std::string> Vocabularies::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, _] : terms_) out.push_back(k);
  return out;
}

}  // namespace disrupt::model
