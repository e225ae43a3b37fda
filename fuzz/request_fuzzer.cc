// Fuzzes the portal's whole request chain (PortalServer::Handle) against a
// real SQLite catalogue: routing, path and query validation, authentication,
// CSRF, rate limits, body checks and every handler, with and without a
// signed-in session.
//
// Input: byte 0 selects the identity (even: anonymous; odd: a signed-in
// analyst with the CSRF token); then "METHOD TARGET\n", header lines
// "Name: value\n", an empty line, and the body. TARGET is split and decoded
// the way the HTTP layer does (path percent-decoded, query parsed).
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "auth/auth.h"
#include "audit/sqlite_db.h"
#include "crypto/keys.h"
#include "model/countries.h"
#include "server/json_log.h"
#include "server/portal_server.h"
#include "store/store.h"

namespace {

struct World {
  std::string dir;
  std::ostringstream log_sink;
  std::unique_ptr<disrupt::server::JsonLog> log;
  std::unique_ptr<disrupt::server::PortalServer> server;
  std::string cookie;
  std::string csrf;
};

World* g_world = nullptr;

void Die(const std::string& what) {
  std::cerr << "request_fuzzer setup: " << what << "\n";
  std::abort();
}

World* MakeWorld() {
  auto* w = new World();
  w->dir = (std::filesystem::temp_directory_path() / ("disrupt-fuzz-" + std::to_string(getpid()))).string();
  std::filesystem::create_directories(w->dir);
  std::string db = w->dir + "/catalogue.db";
  auto audit_key = disrupt::crypto::GenerateKeyFile(w->dir + "/audit.key");
  auto field_key = disrupt::crypto::GenerateKeyFile(w->dir + "/field.key");
  if (!audit_key.ok() || !field_key.ok()) Die("keys");
  {
    auto store = disrupt::store::Store::Open(db);
    if (!store.ok()) Die(store.status().ToString());
    disrupt::model::Member aus{"AUS", "Australia"};
    disrupt::model::Member idn{"IDN", "Indonesia"};
    if (!(*store)->PutMembers({aus, idn}).ok()) Die("members");
    if (!(*store)->PutGroup("ALL_MEMBERS", {"AUS", "IDN"}).ok()) Die("groups");
  }
  {
    auto auth_store = disrupt::auth::SqliteAuthStore::Open(db);
    if (!auth_store.ok()) Die(auth_store.status().ToString());
    disrupt::auth::AuthOptions options;
    options.limits.password_cost = disrupt::auth::PasswordCost{1, 8 * 1024};  // fast: the fuzzer signs in once
    disrupt::auth::Authenticator authenticator(**auth_store, options);
    disrupt::auth::User user;
    user.id = "fuzz";
    user.member = "AUS";
    user.agency = "AFP";
    user.roles = {disrupt::policy::Role::kAnalyst};
    user.clearance = disrupt::policy::Clearance{disrupt::model::Classification::kSecret, "AUS", {}};
    user.totp_required = false;
    auto added = authenticator.AddUser("fuzz-setup", user, "fuzzing-password-1");
    if (!added.ok()) Die(added.status().ToString());
  }
  disrupt::server::Config config;
  config.store = db;
  config.audit_key_file = w->dir + "/audit.key";
  config.field_key_file = w->dir + "/field.key";
  config.demo_mode = true;
  config.access_log = false;
  config.rate_limit_per_second = 1e9;
  config.rate_limit_burst = 1 << 30;
  auto store = disrupt::store::Store::Open(db);
  if (!store.ok()) Die(store.status().ToString());
  w->log = std::make_unique<disrupt::server::JsonLog>(w->log_sink, disrupt::server::LogLevel::kError);
  auto server = disrupt::server::PortalServer::Create(config, std::move(store).value(), *w->log);
  if (!server.ok()) Die(server.status().ToString());
  w->server = std::move(server).value();
  httplib::Request req;
  req.method = "POST";
  req.path = "/api/v1/session";
  req.body = R"({"username": "fuzz", "password": "fuzzing-password-1"})";
  req.headers.emplace("Content-Type", "application/json");
  httplib::Response res;
  w->server->Handle(req, res);
  if (res.status != 200) Die("sign-in: " + res.body);
  std::string set_cookie = res.get_header_value("Set-Cookie");
  w->cookie = set_cookie.substr(0, set_cookie.find(';'));
  size_t at = res.body.find("\"csrf_token\":\"");
  if (at == std::string::npos) Die("no csrf token");
  at += 14;
  w->csrf = res.body.substr(at, res.body.find('"', at) - at);
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_world = MakeWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  bool signed_in = data[0] & 1;
  std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  httplib::Request req;
  size_t eol = input.find('\n');
  std::string line = input.substr(0, eol);
  size_t space = line.find(' ');
  req.method = line.substr(0, space);
  std::string target = space == std::string::npos ? "/" : line.substr(space + 1);
  size_t q = target.find('?');
  req.path = httplib::detail::decode_url(target.substr(0, q), false);
  if (q != std::string::npos) httplib::detail::parse_query_text(target.substr(q + 1), req.params);
  size_t pos = eol == std::string::npos ? input.size() : eol + 1;
  while (pos < input.size()) {
    size_t end = input.find('\n', pos);
    if (end == std::string::npos) end = input.size();
    std::string header = input.substr(pos, end - pos);
    pos = end + 1;
    if (header.empty()) break;
    size_t colon = header.find(':');
    if (colon == std::string::npos) continue;
    std::string value = header.substr(colon + 1);
    while (!value.empty() && value[0] == ' ') value.erase(0, 1);
    req.headers.emplace(header.substr(0, colon), value);
  }
  if (pos < input.size()) req.body = input.substr(pos);
  if (signed_in) {
    req.headers.emplace("Cookie", g_world->cookie);
    req.headers.emplace("X-CSRF-Token", g_world->csrf);
  }
  req.remote_addr = "127.0.0.1";
  httplib::Response res;
  g_world->server->Handle(req, res);
  // Whatever the input, the answer is a status, never a 500, and a JSON body for API errors.
  if (res.status >= 500 && res.status != 503) {
    std::cerr << "status " << res.status << " for " << req.method << " " << req.path << "\n";
    std::abort();
  }
  return 0;
}
