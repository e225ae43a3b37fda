// The portal server's configuration: every limit and setting in one struct.
//
// A configuration is read from a JSON file (an object whose keys are the
// field names below, e.g. {"port": 8443, "tls_cert": "/etc/disrupt/cert.pem"})
// and then overridden by environment variables DISRUPT_<KEY> (upper case,
// e.g. DISRUPT_PORT=0). Unknown keys are refused, so a typo never silently
// leaves a default in place. Every field has a documented default that is
// safe for a single server on one machine; docs/operations.md lists them
// (generated from the same table, see ConfigFields()).
//
// Thread safety: a Config is a plain value; the server copies it at start.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace disrupt::server {

struct Config {
  // Where the catalogue lives: "sqlite:PATH", a bare PATH or "postgresql://...".
  std::string store = "data/catalogue.db";
  // Address and port to listen on. Port 0 lets the system choose one.
  std::string listen_address = "127.0.0.1";
  int port = 8080;
  // When set, the bound port is written to this file once listening.
  std::string port_file;
  // Directory of the browser front end's static files ("" = none served).
  std::string web_root;
  // TLS: both set = HTTPS only (PEM files).
  std::string tls_cert;
  std::string tls_key;

  // Keys kept outside the database (docs/operations.md, "Keys"): 64 hex
  // characters in a file of mode 0600, or in the environment variables
  // DISRUPT_AUDIT_KEY / DISRUPT_FIELD_KEY, which win when set.
  std::string audit_key_file;  // Ed25519 seed that signs audit checkpoints (required)
  std::string field_key_file;  // encrypts sensitive fields and TOTP secrets at rest (required)
  // The audit chain this server appends to (audit/audit_log.h). Servers
  // sharing one database each need their own to append without waiting for
  // one another; "" = "serve@<host name>:<port>" (or ":pid<N>" with port 0).
  std::string audit_chain;

  // Request limits.
  long long max_body_bytes = 1 << 20;          // JSON bodies
  long long max_import_bytes = 256LL << 20;     // an import upload
  int max_json_depth = 32;                      // nesting of JSON bodies
  int max_query_params = 32;
  int max_param_bytes = 1024;                   // one query parameter value
  int read_timeout_ms = 10000;
  int write_timeout_ms = 10000;
  int idle_timeout_ms = 5000;                   // keep-alive idle time
  int keep_alive_max_requests = 10000;
  int threads = 16;                             // worker threads: requests served at once
  int max_connections = 4096;                   // open connections (bounded also by the descriptor limit)
  int default_page_size = 50;
  int max_page_size = 500;
  int max_search_results = 200;
  // Per-client rate limit (token bucket per user, or per address before sign-in).
  double rate_limit_per_second = 100;
  int rate_limit_burst = 400;
  // Imports.
  int import_batch_size = 1000;
  int max_import_jobs = 2;

  // Sessions and sign-in.
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  // A session's last_seen is written at most this often (seconds); resolved
  // sessions are kept in the server's session cache for at most this long
  // between two reads of the store (server/session_cache.h).
  int session_touch_seconds = 60;
  // Keep resolved sessions in memory (revoked at once on every server).
  bool session_cache = true;
  bool demo_mode = false;  // demo accounts may sign in without TOTP

  // How often release grants and agreements are reloaded (seconds).
  double policy_refresh_seconds = 2;

  // Behind a load balancer: trust X-Forwarded-For / X-Request-Id from it.
  bool trust_proxy = false;
  // Audit every record read (writes, exports, sign-ins and denials are always audited).
  bool audit_reads = true;
  int audit_gather_micros = 1000;               // the audit writer waits this long for more entries to commit together
  // Logs: "debug", "info", "warn", "error"; access_log writes one line per request.
  std::string log_level = "info";
  bool access_log = true;
  // Seconds to wait for requests in flight at shutdown before giving up on them.
  int shutdown_grace_seconds = 30;

  bool tls() const { return !tls_cert.empty() || !tls_key.empty(); }
};

// One configurable field, for loading, environment overrides and documentation.
struct ConfigField {
  std::string_view key;          // JSON key; environment variable is DISRUPT_<KEY upper case>
  std::string_view description;
  std::variant<std::string Config::*, int Config::*, long long Config::*, double Config::*, bool Config::*> member;
  double min = 0;                // numeric fields: inclusive bounds
  double max = 0;
};
const std::vector<ConfigField>& ConfigFields();

// Environment lookup, injectable for tests; returns nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnvironment();

// Reads `path` (may be empty: defaults only), applies environment overrides
// and validates. Errors name the file and key ("serve.json: port: ...") or
// the variable ("DISRUPT_PORT: ..."), as kInvalidArgument; an unreadable
// file is kNotFound.
Result<Config> LoadConfig(const std::string& path, const EnvLookup& env);
// Parses the JSON text of a configuration (no environment), for tests and fuzzing.
Result<Config> ParseConfig(std::string_view json_text, std::string_view source);
// Checks ranges and combinations (both TLS files or none, page sizes).
Status ValidateConfig(const Config& config);
// The effective configuration as JSON (for `disrupt serve --print-config`).
std::string ConfigToJson(const Config& config);

}  // namespace disrupt::server
