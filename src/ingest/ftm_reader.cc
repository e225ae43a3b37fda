// The FollowTheMoney reader: FtM entity JSON Lines (as Aleph and
// OpenSanctions publish them) into catalogue records, through the mapping in
// ftm.h. FtM carries no provenance or handling: each record takes them from
// the entity's "disrupt" member when a Disrupt export wrote one, otherwise
// from the import's defaults; the summary says which defaults were applied
// and which FtM properties have no place in the catalogue.
#include <map>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "ingest/ftm.h"
#include "ingest/json_lines.h"
#include "ingest/reader.h"
#include "model/schema.h"
#include "model/vocabulary.h"

namespace disrupt::ingest {

namespace {

std::string NormalisePhone(std::string_view number) {
  std::string out;
  for (char c : number) {
    if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out.push_back(c);
  }
  return out;
}

std::string VocabularyKey(std::string_view text) {
  std::string k = AsciiLower(Trim(text));
  for (auto& c : k) {
    if (c == ' ' || c == '-') c = '_';
  }
  return k;
}

class FtmReader final : public RecordReader {
 public:
  FtmReader(std::string path, std::unique_ptr<JsonUnitReader> units, Defaults defaults)
      : path_(std::move(path)),
        units_(std::move(units)),
        defaults_(std::move(defaults)),
        vocabularies_(model::Vocabularies::Defaults()) {}

  bool Next(SourceItem& item) override {
    item.Clear();
    if (!pending_.empty()) {
      item = std::move(pending_.back());
      pending_.pop_back();
      return true;
    }
    nlohmann::json j;
    if (!units_->NextValue(item, j)) return false;
    if (!item.error.ok()) return true;
    std::vector<SourceItem> extra;
    item.error = Convert(j, item, extra);
    if (!item.error.ok()) return true;
    // Yield the extra records (phones, holder links) after the main one, in order.
    for (auto it = extra.rbegin(); it != extra.rend(); ++it) {
      it->line = item.line;
      it->unit = item.unit;
      pending_.push_back(std::move(*it));
    }
    return true;
  }

  const Status& status() const override { return units_->status(); }
  const std::string& path() const override { return path_; }
  uint64_t bytes_read() const override { return units_->bytes_read(); }

  std::vector<std::string> Notes() const override {
    std::vector<std::string> notes;
    if (defaulted_ > 0) {
      std::string d = Join(defaults_.Describe(), ", ");
      notes.push_back("FollowTheMoney carries no provenance or handling: " + std::to_string(defaulted_) +
                      " entities took the import defaults (" + d + ")");
    }
    for (const auto& [name, count] : unmapped_) {
      notes.push_back("FtM property " + name + " has no place in the catalogue: " + std::to_string(count) +
                      " value(s) not imported");
    }
    if (nested_ > 0) {
      notes.push_back(std::to_string(nested_) +
                      " nested FtM entities were referred to by id only; import them as entities of their own");
    }
    return notes;
  }

 private:
  Status Convert(const nlohmann::json& j, SourceItem& item, std::vector<SourceItem>& extra) {
    if (!j.is_object()) return Status::InvalidArgument("an FtM entity must be a JSON object", "");
    auto id = j.find("id");
    if (id == j.end() || !id->is_string() || Trim(id->get<std::string>()).empty()) {
      return Status::InvalidArgument("missing entity id", "id");
    }
    auto schema_it = j.find("schema");
    if (schema_it == j.end() || !schema_it->is_string()) return Status::InvalidArgument("missing FtM schema", "schema");
    const std::string schema_name = schema_it->get<std::string>();
    const FtmSchema* ftm = FindFtmSchema(schema_name);
    if (!ftm) {
      return Status::InvalidArgument("FollowTheMoney schema '" + schema_name + "' has no counterpart in the catalogue",
                                     "schema");
    }
    model::Record& r = item.record;
    r.id = id->get<std::string>();
    r.type = std::string(ftm->ours);
    const nlohmann::json* disrupt = nullptr;
    if (auto d = j.find("disrupt"); d != j.end() && d->is_object()) {
      disrupt = &*d;
      if (auto t = d->find("type"); t != d->end() && t->is_string()) r.type = t->get<std::string>();
    }
    const model::Schema* schema = model::FindSchema(r.type);
    if (!schema) return Status::InvalidArgument("unknown schema '" + r.type + "'", "disrupt.type");
    r.kind = schema->kind;

    std::vector<std::string> notes, phones, addresses, holders;
    std::map<std::string, std::vector<std::string>> values;  // catalogue property -> values, in order
    auto props = j.find("properties");
    if (props != j.end() && !props->is_null() && !props->is_object()) {
      return Status::InvalidArgument("must be an object", "properties");
    }
    if (props != j.end() && props->is_object()) {
      for (const auto& [name, list] : props->items()) {
        const std::string field = "properties." + name;
        if (!list.is_array()) return Status::InvalidArgument("FtM property values must be a list", field);
        std::vector<std::string> texts;
        for (const auto& v : list) {
          if (v.is_string()) {
            texts.push_back(v.get<std::string>());
          } else if (v.is_number()) {
            texts.push_back(v.is_number_integer() ? std::to_string(v.get<long long>()) : v.dump());
          } else if (v.is_object() && v.contains("id") && v["id"].is_string()) {
            texts.push_back(v["id"].get<std::string>());
            ++nested_;
          } else {
            return Status::InvalidArgument("FtM property values must be strings", field);
          }
        }
        if (name == ftm->source || name == ftm->target) {
          if (texts.size() != 1) {
            return Status::InvalidArgument(
                "a link end must name exactly one entity, got " + std::to_string(texts.size()), field);
          }
          (name == ftm->source ? r.source : r.target) = texts.front();
          continue;
        }
        if (r.kind == model::RecordKind::kLink && (name == "startDate" || name == "endDate")) {
          auto d = PartialDate::Parse(texts.empty() ? "" : texts.front());
          if (!d.ok()) return Status::InvalidArgument(d.status().message(), field);
          (name == "startDate" ? r.valid.from : r.valid.to) = d.value();
          continue;
        }
        const FtmProperty* mapped = nullptr;
        for (const auto& p : ftm->properties) {
          if (p.ftm == name) {
            mapped = &p;
            break;
          }
        }
        if (!mapped) {
          if (!texts.empty()) ++unmapped_[schema_name + "." + name];
          continue;
        }
        if (mapped->ours.empty()) {
          auto& into = name == "phone" ? phones : name == "addressEntity" ? addresses : holders;
          into.insert(into.end(), texts.begin(), texts.end());
          continue;
        }
        const model::PropertySpec* spec = schema->Find(mapped->ours);
        if (!spec) {
          if (!texts.empty()) ++unmapped_[schema_name + "." + name];
          continue;
        }
        item.columns.emplace_back("properties." + std::string(mapped->ours), "FtM property '" + name + "'");
        for (auto& t : texts) {
          if (Trim(t).empty()) continue;
          switch (spec->type) {
            case model::PropertyType::kCountry: {
              std::string a3 = CountryToAlpha3(t);
              if (!a3.empty()) t = a3;
              break;
            }
            case model::PropertyType::kDate: {
              auto d = PartialDate::Parse(t);
              if (d.ok()) t = d->ToString();
              break;
            }
            case model::PropertyType::kVocabulary: {
              std::string key = VocabularyKey(t);
              if (!vocabularies_.Has(spec->vocabulary, key)) {
                notes.push_back(name + ": " + t);
                continue;
              }
              t = key;
              break;
            }
            default:
              break;
          }
          if (spec->name == "notes") {
            notes.push_back(t);
            continue;
          }
          values[std::string(spec->name)].push_back(std::move(t));
        }
      }
    }
    for (auto& [name, list] : values) {
      const model::PropertySpec* spec = schema->Find(name);
      // Keep every distinct value; a property that takes one value keeps the
      // first and the others go to the notes, so nothing is lost.
      std::vector<std::string> distinct;
      for (auto& v : list) {
        if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(std::move(v));
      }
      for (size_t i = 0; i < distinct.size(); ++i) {
        if (spec->multi || i == 0) r.Add(name, distinct[i]);
      }
      if (!spec->multi && distinct.size() > 1) {
        notes.push_back(
            name + " also recorded as: " + Join(std::vector<std::string>(distinct.begin() + 1, distinct.end()), ", "));
      }
    }
    for (const auto& [p, v] : ftm->constants) {
      if (!r.properties.count(p)) r.Set(p, std::string(v));
    }
    if (r.type == "Vehicle" && !r.properties.count("name")) {
      // FtM vehicles often have only a registration or a model.
      std::string label = !r.Get("registration").empty() ? r.Get("registration") : r.Get("model");
      if (!label.empty()) r.Set("name", label);
    }

    // What FtM cannot say: from the "disrupt" member, else from the defaults.
    FieldSet given;
    if (disrupt) {
      DISRUPT_RETURN_IF_ERROR(ReadDisruptMember(*disrupt, r, given));
    }
    if (given.none()) ++defaulted_;
    Status applied = defaults_.ApplyTo(r, given);
    if (!applied.ok()) return applied;
    if (!notes.empty() && !r.properties.count("notes") && schema->Find("notes")) r.Set("notes", Join(notes, "\n"));

    // Further records: phones, addresses and document holders.
    auto derived = [&](std::string id, std::string type) {
      SourceItem x;
      x.record.id = std::move(id);
      x.record.type = std::move(type);
      x.record.kind = model::FindSchema(x.record.type)->kind;
      x.record.provenance = r.provenance;
      x.record.handling = r.handling;
      return x;
    };
    for (const auto& number : phones) {
      std::string key = NormalisePhone(number);
      if (key.empty()) continue;
      SourceItem phone = derived("phone:" + key, "Phone");
      phone.record.Set("number", std::string(Trim(number)));
      SourceItem link = derived(r.id + ":phone:" + key, r.type == "Person" ? "holds" : "uses");
      link.record.source = r.id;
      link.record.target = phone.record.id;
      extra.push_back(std::move(phone));
      extra.push_back(std::move(link));
    }
    for (const auto& address : addresses) {
      SourceItem link = derived(r.id + ":located_at:" + address, "located_at");
      link.record.source = r.id;
      link.record.target = address;
      extra.push_back(std::move(link));
    }
    for (const auto& holder : holders) {
      SourceItem link = derived(r.id + ":holder:" + holder, "holds");
      link.record.source = holder;
      link.record.target = r.id;
      extra.push_back(std::move(link));
    }
    return Status::Ok();
  }

  // The "disrupt" member a Disrupt FtM export writes: {"type", "provenance",
  // "handling", "networks", "properties", "valid_from", "valid_to"} in the
  // project's JSON form.
  static Status ReadDisruptMember(const nlohmann::json& d, model::Record& r, FieldSet& given) {
    if (!d.contains("provenance") || !d.contains("handling")) {
      return Status::InvalidArgument("the disrupt member needs provenance and handling", "disrupt");
    }
    nlohmann::json j = {{"id", r.id}, {"type", r.type}, {"provenance", d["provenance"]}, {"handling", d["handling"]}};
    if (d.contains("networks")) j["networks"] = d["networks"];
    if (d.contains("properties")) j["properties"] = d["properties"];
    for (const char* key : {"valid_from", "valid_to"}) {
      if (d.contains(key)) j[key] = d[key];
    }
    auto parsed = model::RecordFromJson(j);
    if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "disrupt." + parsed.status().field());
    r.provenance = parsed->provenance;
    r.handling = parsed->handling;
    r.networks = parsed->networks;
    if (!parsed->valid.from.empty()) r.valid.from = parsed->valid.from;
    if (!parsed->valid.to.empty()) r.valid.to = parsed->valid.to;
    for (auto& [name, values] : parsed->properties) r.properties[name] = std::move(values);
    given.set();
    return Status::Ok();
  }

  std::string path_;
  std::unique_ptr<JsonUnitReader> units_;
  Defaults defaults_;
  model::Vocabularies vocabularies_;
  std::vector<SourceItem> pending_;
  uint64_t defaulted_ = 0;
  uint64_t nested_ = 0;
  std::map<std::string, uint64_t> unmapped_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenFtmReader(const std::string& path, const Defaults& defaults) {
  DISRUPT_ASSIGN_OR_RETURN(auto units, JsonUnitReader::Open(path));
  if (!units->status().ok()) return units->status();
  return std::unique_ptr<RecordReader>(new FtmReader(path, std::move(units), defaults));
}

}  // namespace disrupt::ingest
