// Loading and validating the server configuration; see config.h.
#include "server/config.h"

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace disrupt::server {

namespace {

using nlohmann::json;

constexpr double kIntMax = std::numeric_limits<int>::max();
constexpr double kBig = 1e15;

std::string EnvName(std::string_view key) { return "DISRUPT_" + AsciiUpper(key); }

// Sets one field from a JSON value; `where` names it in errors.
Status SetFromJson(Config& config, const ConfigField& f, const json& v, const std::string& where) {
  return std::visit(
      [&](auto member) -> Status {
        using T = std::remove_reference_t<decltype(config.*member)>;
        if constexpr (std::is_same_v<T, std::string>) {
          if (!v.is_string()) return Status::InvalidArgument("expected a string", where);
          config.*member = v.get<std::string>();
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!v.is_boolean()) return Status::InvalidArgument("expected true or false", where);
          config.*member = v.get<bool>();
        } else if constexpr (std::is_same_v<T, double>) {
          if (!v.is_number()) return Status::InvalidArgument("expected a number", where);
          double d = v.get<double>();
          if (!(d >= f.min && d <= f.max)) {
            return Status::InvalidArgument("must be between " + std::to_string(f.min) + " and " +
                                               std::to_string(f.max),
                                           where);
          }
          config.*member = d;
        } else {
          if (!v.is_number_integer()) return Status::InvalidArgument("expected a whole number", where);
          long long n = v.is_number_unsigned() && v.get<unsigned long long>() > static_cast<unsigned long long>(kBig)
                            ? static_cast<long long>(kBig) + 1
                            : v.get<long long>();
          if (static_cast<double>(n) < f.min || static_cast<double>(n) > f.max) {
            return Status::InvalidArgument(
                "must be between " + std::to_string(static_cast<long long>(f.min)) + " and " +
                    std::to_string(static_cast<long long>(f.max)),
                where);
          }
          config.*member = static_cast<T>(n);
        }
        return Status::Ok();
      },
      f.member);
}

// Sets one field from an environment variable's text.
Status SetFromText(Config& config, const ConfigField& f, const std::string& text, const std::string& where) {
  if (!IsValidUtf8(text)) return Status::InvalidArgument("not valid UTF-8", where);
  return std::visit(
      [&](auto member) -> Status {
        using T = std::remove_reference_t<decltype(config.*member)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return SetFromJson(config, f, json(text), where);
        } else if constexpr (std::is_same_v<T, bool>) {
          std::string t = AsciiLower(Trim(text));
          if (t == "1" || t == "true" || t == "yes" || t == "on") return SetFromJson(config, f, json(true), where);
          if (t == "0" || t == "false" || t == "no" || t == "off") return SetFromJson(config, f, json(false), where);
          return Status::InvalidArgument("expected true or false", where);
        } else if constexpr (std::is_same_v<T, double>) {
          double d = 0;
          if (!ParseDouble(Trim(text), d)) return Status::InvalidArgument("expected a number", where);
          return SetFromJson(config, f, json(d), where);
        } else {
          long long n = 0;
          if (!ParseInt64(Trim(text), n)) return Status::InvalidArgument("expected a whole number", where);
          return SetFromJson(config, f, json(n), where);
        }
      },
      f.member);
}

Status ApplyJson(Config& config, const json& doc, std::string_view source) {
  if (!doc.is_object()) return Status::InvalidArgument("the configuration must be a JSON object", std::string(source));
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const ConfigField* field = nullptr;
    for (const auto& f : ConfigFields()) {
      if (f.key == it.key()) field = &f;
    }
    std::string where = std::string(source) + ": " + it.key();
    if (field == nullptr) return Status::InvalidArgument("unknown configuration key", where);
    DISRUPT_RETURN_IF_ERROR(SetFromJson(config, *field, it.value(), where));
  }
  return Status::Ok();
}

}  // namespace

const std::vector<ConfigField>& ConfigFields() {
  static const std::vector<ConfigField> kFields = {
      {"store", "catalogue store: sqlite:PATH, a bare PATH, or postgresql://...", &Config::store},
      {"listen_address", "address to listen on (127.0.0.1 = this machine only)", &Config::listen_address},
      {"port", "TCP port; 0 lets the system choose", &Config::port, 0, 65535},
      {"port_file", "file the bound port is written to once listening", &Config::port_file},
      {"web_root", "directory of the browser front end's static files", &Config::web_root},
      {"tls_cert", "PEM certificate chain; with tls_key, serve HTTPS only", &Config::tls_cert},
      {"tls_key", "PEM private key of tls_cert", &Config::tls_key},
      {"audit_key_file", "key file (64 hex characters, mode 0600) signing audit checkpoints; "
                         "DISRUPT_AUDIT_KEY holding the key itself wins when set",
       &Config::audit_key_file},
      {"field_key_file", "key file (64 hex characters, mode 0600) encrypting sensitive fields and TOTP secrets at rest; "
                         "DISRUPT_FIELD_KEY holding the key itself wins when set",
       &Config::field_key_file},
      {"audit_chain", "this server's audit chain; servers sharing a database each need their own "
                      "(\"\" = serve@<host name>:<port>)",
       &Config::audit_chain},
      {"max_body_bytes", "largest JSON request body", &Config::max_body_bytes, 1024, kBig},
      {"max_import_bytes", "largest import upload", &Config::max_import_bytes, 1024, kBig},
      {"max_json_depth", "deepest nesting accepted in a JSON body", &Config::max_json_depth, 2, 256},
      {"max_query_params", "most query parameters in one request", &Config::max_query_params, 1, 1024},
      {"max_param_bytes", "longest query parameter value", &Config::max_param_bytes, 16, 65536},
      {"read_timeout_ms", "time allowed to receive a request", &Config::read_timeout_ms, 100, 600000},
      {"write_timeout_ms", "time allowed to send a response", &Config::write_timeout_ms, 100, 600000},
      {"idle_timeout_ms", "how long an idle keep-alive connection is kept open", &Config::idle_timeout_ms, 100,
       600000},
      {"keep_alive_max_requests", "requests served on one connection before it is closed",
       &Config::keep_alive_max_requests, 1, kIntMax},
      {"threads", "worker threads: requests served at once, whatever the number of open connections",
       &Config::threads, 1, 4096},
      {"audit_gather_micros", "how long the audit writer waits for more entries to commit together (0: none)",
       &Config::audit_gather_micros, 0, 100000},
      {"max_connections", "open connections at most; beyond, new ones are closed at once", &Config::max_connections,
       1, 1000000},
      {"default_page_size", "records per page when the client does not say", &Config::default_page_size, 1,
       100000},
      {"max_page_size", "most records per page", &Config::max_page_size, 1, 100000},
      {"max_search_results", "most search results per request", &Config::max_search_results, 1, 100000},
      {"rate_limit_per_second", "sustained requests per second per client", &Config::rate_limit_per_second, 0.01,
       1e9},
      {"rate_limit_burst", "requests a client may make at once above the sustained rate", &Config::rate_limit_burst,
       1, kIntMax},
      {"import_batch_size", "records written per transaction during an import", &Config::import_batch_size, 1,
       1000000},
      {"max_import_jobs", "imports running at once", &Config::max_import_jobs, 1, 64},
      {"session_idle_minutes", "a session ends after this long without a request", &Config::session_idle_minutes,
       1, 24 * 60},
      {"session_absolute_hours", "a session ends this long after sign-in whatever its use",
       &Config::session_absolute_hours, 1, 24 * 7},
      {"session_touch_seconds",
       "a session's last use is written at most this often; resolved sessions are re-read at least this often",
       &Config::session_touch_seconds, 1, 3600},
      {"session_cache", "keep resolved sessions in memory (revocation still immediate on every server)",
       &Config::session_cache},
      {"demo_mode", "demo accounts may sign in without TOTP (never in production)", &Config::demo_mode},
      {"policy_refresh_seconds", "how often release grants and agreements are reloaded",
       &Config::policy_refresh_seconds, 0, 3600},
      {"trust_proxy", "trust X-Forwarded-For and X-Request-Id from a load balancer in front", &Config::trust_proxy},
      {"audit_reads", "audit every record read, not only writes, exports, sign-ins and denials",
       &Config::audit_reads},
      {"log_level", "debug, info, warn or error", &Config::log_level},
      {"access_log", "one log line per request", &Config::access_log},
      {"shutdown_grace_seconds", "how long shutdown waits for requests in flight",
       &Config::shutdown_grace_seconds, 0, 3600},
  };
  return kFields;
}

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<Config> ParseConfig(std::string_view json_text, std::string_view source) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("not valid JSON", std::string(source));
  Config config;
  DISRUPT_RETURN_IF_ERROR(ApplyJson(config, doc, source));
  return config;
}

Result<Config> LoadConfig(const std::string& path, const EnvLookup& env) {
  Config config;
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound("cannot read the configuration file " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    DISRUPT_ASSIGN_OR_RETURN(config, ParseConfig(buffer.str(), path));
  }
  for (const auto& f : ConfigFields()) {
    std::string name = EnvName(f.key);
    auto value = env(name);
    if (!value) continue;
    DISRUPT_RETURN_IF_ERROR(SetFromText(config, f, *value, name));
  }
  DISRUPT_RETURN_IF_ERROR(ValidateConfig(config));
  return config;
}

Status ValidateConfig(const Config& c) {
  if (c.store.empty()) return Status::InvalidArgument("a store is required", "store");
  if (c.listen_address.empty()) return Status::InvalidArgument("an address is required", "listen_address");
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    return Status::InvalidArgument("TLS needs both tls_cert and tls_key", c.tls_cert.empty() ? "tls_cert" : "tls_key");
  }
  if (c.default_page_size > c.max_page_size) {
    return Status::InvalidArgument("must not exceed max_page_size", "default_page_size");
  }
  if (c.max_body_bytes > c.max_import_bytes) {
    return Status::InvalidArgument("must not exceed max_import_bytes", "max_body_bytes");
  }
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" && c.log_level != "error") {
    return Status::InvalidArgument("expected debug, info, warn or error", "log_level");
  }
  return Status::Ok();
}

std::string ConfigToJson(const Config& config) {
  json j = json::object();
  for (const auto& f : ConfigFields()) {
    std::visit([&](auto member) { j[std::string(f.key)] = config.*member; }, f.member);
  }
  return j.dump(2);
}

}  // namespace disrupt::server
