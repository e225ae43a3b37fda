// Watchlist selectors and matching; see watchlist.h.
#include "deconflict/watchlist.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "resolve/identifiers.h"
#include "resolve/name.h"
#include "text/transliterate.h"

namespace disrupt::deconflict {

namespace {
// Every token of a name selector must be at least this close to one of the
// record's: "Rahimi" must not be answered by "Karimi" (0.82).
constexpr double kTokenFloor = 0.88;
}  // namespace

std::string_view ToString(SelectorKind k) {
  switch (k) {
    case SelectorKind::kName: return "name";
    case SelectorKind::kPhone: return "phone";
    case SelectorKind::kDocument: return "document";
    case SelectorKind::kVessel: return "vessel";
    case SelectorKind::kAccount: return "account";
  }
  return "name";
}

Result<SelectorKind> ParseSelectorKind(std::string_view s) {
  for (auto k : {SelectorKind::kName, SelectorKind::kPhone, SelectorKind::kDocument, SelectorKind::kVessel,
                 SelectorKind::kAccount}) {
    if (ToString(k) == s) return k;
  }
  return Status::InvalidArgument("kind must be name, phone, document, vessel or account", "kind");
}

Result<std::string> Watchlist::ExactKey(SelectorKind kind, const std::string& value, const std::string& country) const {
  switch (kind) {
    case SelectorKind::kPhone: return resolve::NormalisePhone(value, country);
    case SelectorKind::kDocument: {
      std::string k = resolve::ConfusableKey(resolve::CleanDocumentNumber(value));
      if (k.size() < 5) return Status::InvalidArgument("too short to be a document number", "value");
      return k;
    }
    case SelectorKind::kVessel: {
      std::string upper = AsciiUpper(Trim(value));
      if (StartsWith(upper, "IMO")) {
        DISRUPT_ASSIGN_OR_RETURN(std::string imo, resolve::NormaliseImo(upper));
        return "imo:" + imo;
      }
      if (auto imo = resolve::NormaliseImo(upper); imo.ok()) return "imo:" + *imo;
      if (auto mmsi = resolve::ParseMmsi(upper); mmsi.ok()) return "mmsi:" + mmsi->digits;
      std::string name = Join(text::LatinWords(value), " ");
      if (name.empty()) return Status::InvalidArgument("no vessel name, IMO number or MMSI", "value");
      return "name:" + name;
    }
    case SelectorKind::kAccount: {
      std::string k = resolve::CleanDocumentNumber(value);
      if (k.size() < 4) return Status::InvalidArgument("too short to be an account number", "value");
      return k;
    }
    case SelectorKind::kName: break;
  }
  return Status::InvalidArgument("not an exact selector", "kind");
}

Status Watchlist::Add(const Selector& selector) {
  if (selector.id.empty()) return Status::InvalidArgument("selector without an id", "id");
  if (selectors_.count(selector.id)) return Status::InvalidArgument("selector id already registered", selector.id);
  Entry e{selector, {}, {}, {}};
  if (selector.kind == SelectorKind::kName) {
    e.tokens = resolve::ParseName("", "", selector.value).Tokens();
    if (e.tokens.empty()) return Status::InvalidArgument("a name selector needs a name", selector.id + ":value");
    for (const auto& t : e.tokens) e.keys.push_back(resolve::PhoneticKey(t));
    for (const auto& k : std::set<std::string>(e.keys.begin(), e.keys.end())) names_.emplace(k, selector.id);
  } else {
    auto key = ExactKey(selector.kind, selector.value, selector.country);
    if (!key.ok()) return Status::InvalidArgument(key.status().message(), selector.id + ":value");
    e.key = *key;
    exact_.emplace(std::string(ToString(selector.kind)) + ":" + e.key, selector.id);
  }
  selectors_.emplace(selector.id, std::move(e));
  return Status::Ok();
}

Status Watchlist::Remove(const std::string& id) {
  auto it = selectors_.find(id);
  if (it == selectors_.end()) return Status::NotFound("no selector " + id);
  auto erase_from = [&](std::unordered_multimap<std::string, std::string>& index) {
    for (auto i = index.begin(); i != index.end();) i = i->second == id ? index.erase(i) : std::next(i);
  };
  erase_from(exact_);
  erase_from(names_);
  selectors_.erase(it);
  return Status::Ok();
}

std::vector<Alert> Watchlist::Check(const Observation& obs) const {
  std::map<std::string, Alert> best;  // by selector id
  auto raise = [&](const Entry& e, double strength) {
    auto [it, inserted] = best.try_emplace(e.selector.id, Alert{e.selector.id, e.selector.member, obs.ref,
                                                                obs.member, e.selector.kind, strength});
    if (!inserted) it->second.strength = std::max(it->second.strength, strength);
  };
  for (const auto& [kind, value] : obs.values) {
    if (kind == SelectorKind::kName) {
      std::vector<std::string> tokens = resolve::ParseName("", "", value).Tokens(), keys;
      for (const auto& t : tokens) keys.push_back(resolve::PhoneticKey(t));
      std::set<std::string> candidates;
      for (const auto& k : keys) {
        auto [lo, hi] = names_.equal_range(k);
        for (auto i = lo; i != hi; ++i) candidates.insert(i->second);
      }
      // Candidates share a phonetic key with some token of the name; each is
      // then scored token by token.
      for (const auto& id : candidates) {
        const Entry& e = selectors_.at(id);
        double total = 0, weakest = 1;
        for (size_t i = 0; i < e.tokens.size(); ++i) {
          double s = 0;
          for (size_t j = 0; j < tokens.size(); ++j) {
            s = std::max(s, resolve::TokenSimilarity(e.tokens[i], e.keys[i], tokens[j], keys[j]));
          }
          total += s;
          weakest = std::min(weakest, s);
        }
        double strength = total / e.tokens.size();
        if (strength >= name_threshold_ && weakest >= kTokenFloor) raise(e, strength);
      }
      continue;
    }
    auto key = ExactKey(kind, value, obs.country);
    if (!key.ok()) continue;
    auto [lo, hi] = exact_.equal_range(std::string(ToString(kind)) + ":" + *key);
    for (auto i = lo; i != hi; ++i) raise(selectors_.at(i->second), 1.0);
  }
  std::vector<Alert> out;
  for (auto& [_, a] : best) out.push_back(std::move(a));
  std::stable_sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) { return a.strength > b.strength; });
  return out;
}

Observation ObservationOf(const model::Record& r) {
  Observation o;
  o.ref = r.id;
  o.member = r.provenance.originator;
  auto add = [&](SelectorKind kind, std::string_view property) {
    for (auto& v : r.GetAll(property)) {
      if (!v.empty()) o.values.emplace_back(kind, std::move(v));
    }
  };
  if (r.type == "Person") {
    add(SelectorKind::kName, "name");
    add(SelectorKind::kName, "alias");
    o.country = r.Get("nationality");
  } else if (r.type == "Phone") {
    add(SelectorKind::kPhone, "number");
    o.country = r.Get("country");
  } else if (r.type == "IdentityDocument") {
    add(SelectorKind::kDocument, "number");
  } else if (r.type == "Vessel") {
    add(SelectorKind::kVessel, "imo");
    add(SelectorKind::kVessel, "mmsi");
    add(SelectorKind::kVessel, "name");
  } else if (r.type == "BankAccount") {
    add(SelectorKind::kAccount, "account_number");
  } else if (r.type == "OnlineAccount") {
    add(SelectorKind::kAccount, "handle");
  }
  return o;
}

}  // namespace disrupt::deconflict
