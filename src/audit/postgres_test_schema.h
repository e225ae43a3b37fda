// For tests of the security tables on PostgreSQL: a fresh schema per test in
// the server named by DISRUPT_TEST_POSTGRES (make test starts a throw-away
// cluster), dropped when the test ends. Header-only, included by tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "store/postgres_store.h"

namespace disrupt::audit::pgtest {

// The server's URI, or "" when none is configured (the test then skips).
inline std::string PostgresServerUri() {
  const char* pg = std::getenv("DISRUPT_TEST_POSTGRES");
  return pg ? pg : "";
}

// A schema of the test's own; dropped with everything in it on destruction.
class PostgresTestSchema {
 public:
  explicit PostgresTestSchema(const std::string& prefix) {
    static std::atomic<int> n{0};
    const std::string base = PostgresServerUri();
    if (base.empty()) return;
    uri_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "schema=" + prefix + "_" +
           std::to_string(::getpid()) + "_" + std::to_string(++n);
  }
  ~PostgresTestSchema() {
    if (!uri_.empty()) (void)store::PostgresStore::DropSchema(uri_);
  }
  PostgresTestSchema(const PostgresTestSchema&) = delete;
  PostgresTestSchema& operator=(const PostgresTestSchema&) = delete;
  // postgresql://...&schema=NAME, or "" without a server.
  const std::string& uri() const { return uri_; }

 private:
  std::string uri_;
};

}  // namespace disrupt::audit::pgtest
