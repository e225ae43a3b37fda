// Export writers (Disrupt JSON, FtM, catalogue CSV, GraphML, GEXF, i2 ANX)
// and the export driver; see exporter.h.
#include "ingest/exporter.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "core/csv.h"
#include "core/text.h"
#include "ingest/ftm.h"
#include "model/schema.h"

namespace disrupt::ingest {

using model::Record;
using model::RecordKind;

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  std::string n = AsciiLower(Trim(name));
  if (n == "json" || n == "jsonl") return ExportFormat::kJson;
  if (n == "ftm" || n == "followthemoney") return ExportFormat::kFtm;
  if (n == "csv") return ExportFormat::kCsv;
  if (n == "graphml") return ExportFormat::kGraphMl;
  if (n == "gexf") return ExportFormat::kGexf;
  if (n == "anx" || n == "i2") return ExportFormat::kAnx;
  return Status::InvalidArgument(
      "unknown export format '" + std::string(name) + "' (want json, ftm, csv, graphml, gexf or anx)", "--format");
}

std::string_view ToString(ExportFormat f) {
  switch (f) {
    case ExportFormat::kJson:
      return "json";
    case ExportFormat::kFtm:
      return "ftm";
    case ExportFormat::kCsv:
      return "csv";
    case ExportFormat::kGraphMl:
      return "graphml";
    case ExportFormat::kGexf:
      return "gexf";
    case ExportFormat::kAnx:
      return "anx";
  }
  return "json";
}

std::string ExportSummary::Marking() const {
  if (!any) return "NO RECORDS";
  const auto& h = handling;
  // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) on some
  // "literal" + std::string temporaries.
  std::string m(model::ToString(h.classification));
  m.append(" ").append(model::ToString(h.tlp));
  for (auto c : h.codes) m.append(" ").append(model::ToString(c));
  if (!h.restrictions.empty()) m.append(" (").append(h.restrictions).append(")");
  if (h.releasable_to.empty()) m.append(" ORIGINATOR ONLY");
  else m.append(" REL TO ").append(Join(h.releasable_to, ", "));
  if (h.originator_control) m.append(" ORCON");
  if (!h.compartment.empty()) m.append(" COMPARTMENT ").append(h.compartment);
  if (!h.review_date.empty()) m.append(" REVIEW BY ").append(h.review_date.ToString());
  return m;
}

namespace {

nlohmann::json HandlingJson(const model::Handling& h) {
  nlohmann::json codes = nlohmann::json::array();
  for (auto c : h.codes) codes.push_back(std::string(model::ToString(c)));
  nlohmann::json j = {{"classification", std::string(model::ToString(h.classification))},
                      {"tlp", std::string(model::ToString(h.tlp))},
                      {"codes", codes},
                      {"releasable_to", h.releasable_to},
                      {"originator_control", h.originator_control},
                      {"review_date", h.review_date.ToString()}};
  if (!h.restrictions.empty()) j["restrictions"] = h.restrictions;
  if (!h.compartment.empty()) j["compartment"] = h.compartment;
  return j;
}

// Text safe for XML 1.0 attributes and content: escapes markup and replaces
// characters XML cannot hold.
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += "\xEF\xBF\xBD";
        else
          out.push_back(c);
    }
  }
  return out;
}

// Every property name of the schema, once, in schema order.
const std::vector<std::string>& PropertyNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto* s : model::AllSchemas()) {
      for (const auto& p : s->properties) {
        if (std::find(out.begin(), out.end(), p.name) == out.end()) out.emplace_back(p.name);
      }
    }
    return out;
  }();
  return names;
}

// The attributes every graph format gives a node or edge.
std::vector<std::pair<std::string, std::string>> Attributes(const Record& r) {
  const auto& p = r.provenance;
  const auto& h = r.handling;
  std::vector<std::string> codes;
  for (auto c : h.codes) codes.emplace_back(model::ToString(c));
  std::vector<std::pair<std::string, std::string>> a = {
      {"type", r.type},
      {"label", r.Label()},
      {"originator", p.originator},
      {"agency", p.agency},
      {"case", p.case_ref},
      {"reported", p.reported.ToString()},
      {"grade", std::string(1, p.reliability) + std::to_string(p.credibility)},
      {"classification", std::string(model::ToString(h.classification))},
      {"tlp", std::string(model::ToString(h.tlp))},
      {"handling_codes", Join(codes, ",")},
      {"releasable_to", Join(h.releasable_to, ",")},
      {"originator_control", h.originator_control ? "true" : "false"},
      {"compartment", h.compartment},
      {"review_date", h.review_date.ToString()},
      {"valid_from", r.valid.from.ToString()},
      {"valid_to", r.valid.to.ToString()},
      {"networks", Join(r.networks, ",")},
  };
  for (const auto& [name, values] : r.properties) {
    std::vector<std::string> v;
    for (const auto& x : values) v.push_back(x.value);
    a.emplace_back("p_" + name, Join(v, "; "));
  }
  return a;
}

const std::vector<std::string>& AttributeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = {
        "type",        "label",          "originator", "agency",         "case",          "reported",
        "grade",       "classification", "tlp",        "handling_codes", "releasable_to", "originator_control",
        "compartment", "review_date",    "valid_from", "valid_to",       "networks"};
    for (const auto& p : PropertyNames()) out.push_back("p_" + p);
    return out;
  }();
  return names;
}

bool Directed(const Record& r) {
  const model::Schema* s = model::FindSchema(r.type);
  return s && s->directed;
}

struct Meta {
  std::string created;
  std::string filter;
};

// One export format: the body is written record by record; head and tail once
// the summary is known.
class FormatWriter {
 public:
  virtual ~FormatWriter() = default;
  // False when the format cannot hold this record (it is then counted).
  virtual bool Accepts(const Record& r) const { return r.kind != RecordKind::kEvent; }
  virtual void Write(const Record& r, std::ostream& body) = 0;
  virtual void Head(std::ostream& out, const ExportSummary& s, const Meta& meta) = 0;
  virtual void Tail(std::ostream& out) { (void)out; }
};

nlohmann::json HeaderJson(std::string_view format, const ExportSummary& s, const Meta& meta) {
  nlohmann::json h = {{"format", std::string(format)},
                      {"version", 1},
                      {"created", meta.created},
                      {"marking", s.Marking()},
                      {"records", {{"entities", s.entities}, {"links", s.links}, {"events", s.events}}}};
  if (s.any) {
    h["handling"] = HandlingJson(s.handling);
    h["grade"] = {{"reliability", std::string(1, s.grade.reliability)}, {"credibility", s.grade.credibility}};
  }
  if (!meta.filter.empty()) h["filter"] = meta.filter;
  return nlohmann::json{{"disrupt_export", h}};
}

class JsonWriter final : public FormatWriter {
 public:
  bool Accepts(const Record&) const override { return true; }
  void Write(const Record& r, std::ostream& body) override {
    Record copy = r;
    copy.version = 0;
    copy.updated_at = 0;
    body << model::ToJson(copy).dump() << '\n';
  }
  void Head(std::ostream& out, const ExportSummary& s, const Meta& meta) override {
    out << HeaderJson("json", s, meta).dump() << '\n';
  }
};

class FtmWriter final : public FormatWriter {
 public:
  bool Accepts(const Record& r) const override { return FtmSchemaFor(r) != nullptr; }
  void Write(const Record& r, std::ostream& body) override {
    const FtmSchema* ftm = FtmSchemaFor(r);
    const model::Schema* schema = model::FindSchema(r.type);
    nlohmann::json props = nlohmann::json::object();
    nlohmann::json rest = nlohmann::json::object();  // catalogue properties FtM has no place for
    if (r.kind == RecordKind::kLink) {
      props[std::string(ftm->source)] = {r.source};
      props[std::string(ftm->target)] = {r.target};
      if (!r.valid.from.empty()) props["startDate"] = {r.valid.from.ToString()};
      if (!r.valid.to.empty()) props["endDate"] = {r.valid.to.ToString()};
    }
    for (const auto& [name, values] : r.properties) {
      const FtmProperty* to = nullptr;
      bool intervals = false;
      for (const auto& v : values) intervals |= !v.valid.from.empty() || !v.valid.to.empty();
      for (const auto& p : ftm->properties) {
        if (p.ours == name) {
          to = &p;
          break;
        }
      }
      bool constant = false;
      for (const auto& [cp, cv] : ftm->constants) constant |= cp == name && values.size() == 1 && values[0].value == cv;
      if (constant) continue;
      if (!to || intervals) {
        // Values FtM cannot hold exactly travel in the "disrupt" member.
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& v : values) {
          if (v.valid.from.empty() && v.valid.to.empty()) {
            arr.push_back(v.value);
          } else {
            nlohmann::json o = {{"value", v.value}};
            if (!v.valid.from.empty()) o["valid_from"] = v.valid.from.ToString();
            if (!v.valid.to.empty()) o["valid_to"] = v.valid.to.ToString();
            arr.push_back(o);
          }
        }
        rest[name] = arr;
        continue;
      }
      const model::PropertySpec* spec = schema ? schema->Find(name) : nullptr;
      auto& list = props[std::string(to->ftm)];
      if (list.is_null()) list = nlohmann::json::array();
      for (const auto& v : values) {
        if (spec && spec->type == model::PropertyType::kCountry) {
          std::string a2 = CountryToAlpha2(v.value);
          list.push_back(a2.empty() ? v.value : a2);
        } else {
          list.push_back(v.value);
        }
      }
    }
    nlohmann::json prov = model::ToJson(r);
    nlohmann::json disrupt = {{"type", r.type}, {"provenance", prov["provenance"]}, {"handling", prov["handling"]}};
    if (!r.networks.empty()) disrupt["networks"] = r.networks;
    if (r.kind != RecordKind::kLink) {  // links carry theirs as FtM startDate/endDate
      if (!r.valid.from.empty()) disrupt["valid_from"] = r.valid.from.ToString();
      if (!r.valid.to.empty()) disrupt["valid_to"] = r.valid.to.ToString();
    }
    if (!rest.empty()) disrupt["properties"] = rest;
    nlohmann::json e = {{"id", r.id}, {"schema", std::string(ftm->ftm)}, {"properties", props}, {"disrupt", disrupt}};
    body << e.dump() << '\n';
  }
  void Head(std::ostream& out, const ExportSummary& s, const Meta& meta) override {
    out << HeaderJson("ftm", s, meta).dump() << '\n';
  }
};

class CsvWriter final : public FormatWriter {
 public:
  bool Accepts(const Record&) const override { return true; }
  void Write(const Record& r, std::ostream& body) override {
    std::vector<std::string> row;
    row.reserve(CatalogueCsvColumns().size());
    nlohmann::json j = model::ToJson(r);
    row = {r.id,
           std::string(model::ToString(r.kind)),
           r.type,
           r.source,
           r.target,
           r.valid.from.ToString(),
           r.valid.to.ToString(),
           Join(r.networks, ",")};
    const auto& p = j["provenance"];
    const auto& h = j["handling"];
    std::vector<std::string> codes;
    for (const auto& c : h["codes"]) codes.push_back(c.get<std::string>());
    std::vector<std::string> rel;
    for (const auto& c : h["releasable_to"]) rel.push_back(c.get<std::string>());
    for (const auto& v :
         {p["originator"].get<std::string>(), p["agency"].get<std::string>(), p.value("case", std::string()),
          p["reported"].get<std::string>(), p["reliability"].get<std::string>(),
          std::to_string(p["credibility"].get<int>()), h["classification"].get<std::string>(),
          h["tlp"].get<std::string>(), Join(codes, ","), h.value("restrictions", std::string()), Join(rel, ","),
          std::string(h["originator_control"].get<bool>() ? "true" : "false"), h.value("compartment", std::string()),
          h["review_date"].get<std::string>(), h.value("legal_basis", std::string())}) {
      row.push_back(v);
    }
    const auto& props = j["properties"];
    for (const auto& name : PropertyNames()) {
      auto it = props.find(name);
      if (it == props.end()) {
        row.emplace_back();
        continue;
      }
      // One plain value stays plain; several values (or values with their own
      // validity) are written as a JSON array, which the reader recognises.
      const auto& arr = *it;
      if (arr.size() == 1 && arr[0].is_string() && !StartsWith(arr[0].get<std::string>(), "[")) {
        row.push_back(arr[0].get<std::string>());
      } else {
        row.push_back(arr.dump());
      }
    }
    WriteCsvRecord(body, row);
  }
  void Head(std::ostream& out, const ExportSummary& s, const Meta& meta) override {
    WriteCsvRecord(out, {"# DISRUPT EXPORT " + meta.created + " | " + s.Marking() + " | grade " +
                         (s.any ? std::string(1, s.grade.reliability) + std::to_string(s.grade.credibility) : "-")});
    WriteCsvRecord(out, CatalogueCsvColumns());
  }
};

class GraphMlWriter final : public FormatWriter {
 public:
  void Write(const Record& r, std::ostream& body) override {
    if (r.kind == RecordKind::kEntity) {
      body << "    <node id=\"" << Xml(r.id) << "\">\n";
    } else {
      body << "    <edge id=\"" << Xml(r.id) << "\" source=\"" << Xml(r.source) << "\" target=\"" << Xml(r.target)
           << "\"" << (Directed(r) ? "" : " directed=\"false\"") << ">\n";
    }
    for (const auto& [k, v] : Attributes(r)) {
      if (v.empty()) continue;
      body << "      <data key=\"" << Xml(k) << "\">" << Xml(v) << "</data>\n";
    }
    body << (r.kind == RecordKind::kEntity ? "    </node>\n" : "    </edge>\n");
  }
  void Head(std::ostream& out, const ExportSummary& s, const Meta& meta) override {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<!-- " << Xml(s.Marking()) << " -->\n"
        << "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n";
    for (const auto& g : {"marking", "classification", "tlp", "releasable_to", "grade", "created"}) {
      out << "  <key id=\"g_" << g << "\" for=\"graph\" attr.name=\"" << g << "\" attr.type=\"string\"/>\n";
    }
    for (const auto& k : AttributeNames()) {
      out << "  <key id=\"" << Xml(k) << "\" for=\"all\" attr.name=\"" << Xml(k) << "\" attr.type=\"string\"/>\n";
    }
    out << "  <graph id=\"disrupt\" edgedefault=\"directed\">\n";
    out << "    <data key=\"g_marking\">" << Xml(s.Marking()) << "</data>\n";
    if (s.any) {
      out << "    <data key=\"g_classification\">" << Xml(model::ToString(s.handling.classification)) << "</data>\n"
          << "    <data key=\"g_tlp\">" << Xml(model::ToString(s.handling.tlp)) << "</data>\n"
          << "    <data key=\"g_releasable_to\">" << Xml(Join(s.handling.releasable_to, ",")) << "</data>\n"
          << "    <data key=\"g_grade\">" << s.grade.reliability << s.grade.credibility << "</data>\n";
    }
    out << "    <data key=\"g_created\">" << Xml(meta.created) << "</data>\n";
  }
  void Tail(std::ostream& out) override { out << "  </graph>\n</graphml>\n"; }
};

class GexfWriter final : public FormatWriter {
 public:
  void Write(const Record& r, std::ostream& body) override {
    if (r.kind == RecordKind::kEntity && !in_nodes_) {
      body << "    <nodes>\n";
      in_nodes_ = true;
    }
    if (r.kind == RecordKind::kLink && !in_edges_) {
      if (!in_nodes_) body << "    <nodes>\n";
      body << "    </nodes>\n    <edges>\n";
      in_nodes_ = false;
      in_edges_ = true;
    }
    if (r.kind == RecordKind::kEntity) {
      body << "      <node id=\"" << Xml(r.id) << "\" label=\"" << Xml(r.Label()) << "\">\n";
    } else {
      body << "      <edge id=\"" << Xml(r.id) << "\" source=\"" << Xml(r.source) << "\" target=\"" << Xml(r.target)
           << "\" label=\"" << Xml(r.type) << "\"" << (Directed(r) ? "" : " type=\"undirected\"") << ">\n";
    }
    body << "        <attvalues>\n";
    const auto& names = AttributeNames();
    for (const auto& [k, v] : Attributes(r)) {
      if (v.empty()) continue;
      size_t index = static_cast<size_t>(std::find(names.begin(), names.end(), k) - names.begin());
      body << "          <attvalue for=\"" << index << "\" value=\"" << Xml(v) << "\"/>\n";
    }
    body << "        </attvalues>\n" << (r.kind == RecordKind::kEntity ? "      </node>\n" : "      </edge>\n");
  }
  void Head(std::ostream& out, const ExportSummary& s, const Meta& meta) override {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<!-- " << Xml(s.Marking()) << " -->\n"
        << "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
        << "  <meta lastmodifieddate=\"" << Xml(meta.created.substr(0, 10)) << "\">\n"
        << "    <creator>Disrupt</creator>\n"
        << "    <keywords>" << Xml(s.Marking()) << "</keywords>\n"
        << "    <description>Handling: " << Xml(s.Marking())
        << ". Grade: " << (s.any ? std::string(1, s.grade.reliability) + std::to_string(s.grade.credibility) : "-")
        << (meta.filter.empty() ? "" : ". Filter: " + Xml(meta.filter)) << "</description>\n"
        << "  </meta>\n"
        << "  <graph mode=\"static\" defaultedgetype=\"directed\">\n";
    for (const char* cls : {"node", "edge"}) {
      out << "    <attributes class=\"" << cls << "\">\n";
      const auto& names = AttributeNames();
      for (size_t i = 0; i < names.size(); ++i) {
        out << "      <attribute id=\"" << i << "\" title=\"" << Xml(names[i]) << "\" type=\"string\"/>\n";
      }
      out << "    </attributes>\n";
    }
  }
  void Tail(std::ostream& out) override {
    if (in_edges_)
      out << "    </edges>\n";
    else if (in_nodes_)
      out << "    </nodes>\n";
    out << "  </graph>\n</gexf>\n";
  }

 private:
  // Set while writing the body; Tail runs after the body was copied.
  bool in_nodes_ = false, in_edges_ = false;
};

// i2 Analyst's Notebook icon for a catalogue entity type.
std::string_view AnbIcon(std::string_view type) {
  if (type == "Person") return "Person";
  if (type == "Organisation") return "Organisation";
  if (type == "Vessel") return "Boat";
  if (type == "Vehicle") return "Car";
  if (type == "Phone") return "Mobile Phone";
  if (type == "OnlineAccount") return "Email";
  if (type == "BankAccount") return "Bank Account";
  if (type == "IdentityDocument") return "Passport";
  if (type == "Place") return "Place";
  if (type == "Case") return "Case";
  if (type == "Network") return "Group";
  return "Anonymous";
}

// Link strength from the information credibility (admiralty scale).
std::string_view AnbStrength(int credibility) {
  if (credibility <= 2) return "Confirmed";
  if (credibility <= 4) return "Unconfirmed";
  return "Tentative";
}

class AnxWriter final : public FormatWriter {
 public:
  void Write(const Record& r, std::ostream& body) override {
    body << "    <ChartItem Label=\"" << Xml(r.kind == RecordKind::kEntity ? r.Label() : r.type) << "\"";
    if (!r.valid.from.empty() && r.valid.from.complete()) {
      body << " DateSet=\"true\" DateTime=\"" << r.valid.from.ToString() << "T00:00:00\"";
    }
    body << ">\n";
    if (r.kind == RecordKind::kEntity) {
      body << "      <End>\n        <Entity EntityId=\"" << Xml(r.id) << "\" Identity=\"" << Xml(r.id)
           << "\" LabelIsIdentity=\"false\">\n          <Icon>\n            <IconStyle Type=\"" << Xml(AnbIcon(r.type))
           << "\"/>\n          </Icon>\n        </Entity>\n      </End>\n";
    } else {
      body << "      <Link End1Id=\"" << Xml(r.source) << "\" End2Id=\"" << Xml(r.target) << "\">\n"
           << "        <LinkStyle Type=\"Link\" ArrowStyle=\"" << (Directed(r) ? "ArrowOnHead" : "ArrowNone")
           << "\" Strength=\"" << AnbStrength(r.provenance.credibility) << "\"/>\n      </Link>\n";
    }
    body << "      <AttributeCollection>\n";
    for (const auto& [k, v] : Attributes(r)) {
      if (v.empty() || k == "label") continue;
      body << "        <Attribute AttributeClass=\"" << Xml(k) << "\" Value=\"" << Xml(v) << "\"/>\n";
    }
    body << "      </AttributeCollection>\n    </ChartItem>\n";
  }
  void Head(std::ostream& out, const ExportSummary& s, const Meta& meta) override {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<!-- " << Xml(s.Marking()) << " -->\n"
        << "<Chart IdReferenceLinking=\"false\">\n"
        << "  <StrengthCollection>\n"
        << "    <Strength Name=\"Confirmed\" DotStyle=\"DotStyleSolid\"/>\n"
        << "    <Strength Name=\"Unconfirmed\" DotStyle=\"DotStyleDashed\"/>\n"
        << "    <Strength Name=\"Tentative\" DotStyle=\"DotStyleDotted\"/>\n"
        << "  </StrengthCollection>\n"
        << "  <AttributeClassCollection>\n";
    for (const auto& k : AttributeNames()) {
      if (k == "label") continue;
      out << "    <AttributeClass Name=\"" << Xml(k) << "\" Type=\"AttText\" ShowValue=\"true\"/>\n";
    }
    out << "  </AttributeClassCollection>\n"
        << "  <Summary>\n"
        << "    <FieldCollection>\n"
        << "      <Field Type=\"SummaryFieldTitle\" Field=\"Disrupt export " << Xml(meta.created) << "\"/>\n"
        << "      <Field Type=\"SummaryFieldComments\" Field=\"" << Xml(s.Marking()) << "\"/>\n"
        << "    </FieldCollection>\n"
        << "    <CustomPropertyCollection>\n"
        << "      <CustomProperty Name=\"Handling\" Type=\"String\" Value=\"" << Xml(s.Marking()) << "\"/>\n";
    if (s.any) {
      out << "      <CustomProperty Name=\"Classification\" Type=\"String\" Value=\""
          << Xml(model::ToString(s.handling.classification)) << "\"/>\n"
          << "      <CustomProperty Name=\"TLP\" Type=\"String\" Value=\"" << Xml(model::ToString(s.handling.tlp))
          << "\"/>\n"
          << "      <CustomProperty Name=\"Grade\" Type=\"String\" Value=\"" << s.grade.reliability
          << s.grade.credibility << "\"/>\n";
    }
    out << "    </CustomPropertyCollection>\n"
        << "  </Summary>\n"
        << "  <ChartItemCollection>\n";
  }
  void Tail(std::ostream& out) override { out << "  </ChartItemCollection>\n</Chart>\n"; }
};

std::unique_ptr<FormatWriter> MakeWriter(ExportFormat f) {
  switch (f) {
    case ExportFormat::kJson:
      return std::make_unique<JsonWriter>();
    case ExportFormat::kFtm:
      return std::make_unique<FtmWriter>();
    case ExportFormat::kCsv:
      return std::make_unique<CsvWriter>();
    case ExportFormat::kGraphMl:
      return std::make_unique<GraphMlWriter>();
    case ExportFormat::kGexf:
      return std::make_unique<GexfWriter>();
    case ExportFormat::kAnx:
      return std::make_unique<AnxWriter>();
  }
  return std::make_unique<JsonWriter>();
}

// Removes a temporary file unless released.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

}  // namespace

const std::vector<std::string>& CatalogueCsvColumns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {"id",          "kind",        "type",         "source",        "target",
                                  "valid_from",  "valid_to",    "networks",     "originator",    "agency",
                                  "case",        "reported",    "reliability",  "credibility",   "classification",
                                  "tlp",         "codes",       "restrictions", "releasable_to", "originator_control",
                                  "compartment", "review_date", "legal_basis"};
    for (const auto& p : PropertyNames()) c.push_back(p);
    return c;
  }();
  return columns;
}

Result<ExportSummary> Export(store::Store& store, const ExportOptions& options) {
  if (options.out_path.empty()) return Status::InvalidArgument("no output file", "--out");
  for (const auto& t : options.types) {
    if (!model::FindSchema(t)) return Status::InvalidArgument("unknown record type '" + t + "'", "--types");
  }
  const bool filtered = !options.network.empty() || !options.types.empty();
  std::optional<Record> network_entity;
  if (!options.network.empty()) {
    DISRUPT_ASSIGN_OR_RETURN(network_entity, store.Get(options.network));
    if (!network_entity || network_entity->type != "Network") {
      return Status::NotFound("no network with id '" + options.network + "'");
    }
  }
  auto wanted_type = [&](const std::string& type) {
    return options.types.empty() || std::find(options.types.begin(), options.types.end(), type) != options.types.end();
  };

  namespace fs = std::filesystem;
  const std::string body_path = options.out_path + ".body-" + std::to_string(::getpid());
  const std::string final_tmp = options.out_path + ".part-" + std::to_string(::getpid());
  TempFile body_file(body_path), final_file(final_tmp);
  std::ofstream body(body_path, std::ios::binary | std::ios::trunc);
  if (!body) return Status::Unavailable("cannot write " + body_path);

  auto writer = MakeWriter(options.format);
  ExportSummary summary;
  std::unordered_set<std::string> exported;  // entity ids, when filtered
  Status visit_status;

  std::unordered_set<std::string> left_out;  // entities the format cannot hold
  auto emit = [&](const Record& r) {
    if (!writer->Accepts(r)) {
      ++summary.not_representable[r.type];
      if (r.kind == RecordKind::kEntity) left_out.insert(r.id);
      return;
    }
    if (!left_out.empty() && r.kind != RecordKind::kEntity) {
      for (const auto& ref : r.References()) {
        if (left_out.count(ref)) {
          ++summary.refer_to_left_out;
          return;
        }
      }
    }
    if (filtered && r.kind != RecordKind::kEntity) {
      bool inside = true;
      for (const auto& ref : r.References()) inside = inside && exported.count(ref) > 0;
      if (!inside) {
        ++summary.outside_filter;
        return;
      }
    }
    writer->Write(r, body);
    if (r.kind == RecordKind::kEntity) {
      ++summary.entities;
      if (filtered) exported.insert(r.id);
    } else if (r.kind == RecordKind::kLink) {
      ++summary.links;
    } else {
      ++summary.events;
    }
    model::Grade g{r.provenance.reliability, r.provenance.credibility};
    if (!summary.any) {
      summary.handling = r.handling;
      summary.grade = g;
      summary.any = true;
    } else {
      summary.handling = model::MostRestrictive(summary.handling, r.handling);
      summary.grade = model::WeakestGrade(summary.grade, g);
    }
  };

  // Networks first, then the other entities, then links, then events.
  if (network_entity && wanted_type("Network")) emit(*network_entity);
  struct Pass {
    RecordKind kind;
    bool networks;  // the Network-entity pass
  };
  for (Pass pass : {Pass{RecordKind::kEntity, true}, Pass{RecordKind::kEntity, false}, Pass{RecordKind::kLink, false},
                    Pass{RecordKind::kEvent, false}}) {
    store::RecordQuery q;
    q.kind = pass.kind;
    q.network = options.network;
    if (pass.networks) {
      if (!wanted_type("Network")) continue;
      q.types = {"Network"};
    } else {
      for (const auto& t : options.types) {
        const model::Schema* s = model::FindSchema(t);
        if (s->kind == pass.kind && t != "Network") q.types.push_back(t);
      }
      if (!options.types.empty() && q.types.empty()) continue;
    }
    Status s = store.Scan(q, [&](Record&& r) {
      if (!pass.networks && r.type == "Network") return true;
      if (network_entity && r.id == network_entity->id) return true;
      emit(r);
      return static_cast<bool>(body);
    });
    if (!s.ok()) return s;
  }
  body.close();
  if (!body) return Status::Unavailable("cannot write " + body_path);

  Meta meta;
  meta.created = FormatTimestamp(UnixNow());
  if (!options.network.empty()) meta.filter = "network " + options.network;
  if (!options.types.empty()) meta.filter += (meta.filter.empty() ? "" : ", ") + ("types " + Join(options.types, ","));

  std::error_code ec;
  std::ofstream out(final_tmp, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Unavailable("cannot write " + final_tmp);
  writer->Head(out, summary, meta);
  if (fs::file_size(body_path, ec) > 0 && !ec) {
    std::ifstream in(body_path, std::ios::binary);
    out << in.rdbuf();
  }
  writer->Tail(out);
  out.close();
  if (!out) return Status::Unavailable("cannot write " + final_tmp);
  fs::rename(final_tmp, options.out_path, ec);
  if (ec) return Status::Unavailable("cannot move the export into place at " + options.out_path + ": " + ec.message());
  final_file.Release();
  return summary;
}

}  // namespace disrupt::ingest
