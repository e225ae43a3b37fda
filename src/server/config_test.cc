// Tests of the server configuration: file, environment overrides, validation.
#include "server/config.h"

#include <gtest/gtest.h>

#include <map>

#include "testing.h"

namespace disrupt::server {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ConfigTest, DefaultsAreSafeForOneMachine) {
  auto c = LoadConfig("", Env({}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen_address, "127.0.0.1");
  EXPECT_FALSE(c->tls());
  EXPECT_FALSE(c->demo_mode);
  EXPECT_TRUE(c->audit_reads);
  // Connections do not hold workers: the bound on clients is the connection limit.
  EXPECT_GE(c->max_connections, 1024) << "a load balancer's pool and every analyst's browser at once";
  EXPECT_GE(c->threads, 4) << "requests wait for the audit commit: more workers than cores";
}

TEST(ConfigTest, FileThenEnvironment) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("serve.json"), R"({"port": 9000, "store": "a.db", "demo_mode": true})");
  auto c = LoadConfig(dir.File("serve.json"), Env({{"DISRUPT_PORT", "0"}, {"DISRUPT_RATE_LIMIT_PER_SECOND", "2.5"}}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->port, 0);
  EXPECT_EQ(c->store, "a.db");
  EXPECT_TRUE(c->demo_mode);
  EXPECT_DOUBLE_EQ(c->rate_limit_per_second, 2.5);
}

TEST(ConfigTest, UnknownKeyIsRefusedWithItsName) {
  auto c = ParseConfig(R"({"prot": 80})", "serve.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().field(), "serve.json: prot");
}

TEST(ConfigTest, WrongTypesAndRangesNameTheKey) {
  EXPECT_EQ(ParseConfig(R"({"port": "80"})", "f").status().field(), "f: port");
  EXPECT_EQ(ParseConfig(R"({"port": 70000})", "f").status().field(), "f: port");
  EXPECT_EQ(ParseConfig(R"({"threads": 0})", "f").status().field(), "f: threads");
  EXPECT_EQ(ParseConfig(R"({"demo_mode": 1})", "f").status().field(), "f: demo_mode");
  EXPECT_EQ(ParseConfig(R"({"port": 1.5})", "f").status().field(), "f: port");
  EXPECT_FALSE(ParseConfig("[1]", "f").ok());
  EXPECT_FALSE(ParseConfig("{", "f").ok());
  EXPECT_FALSE(ParseConfig(R"({"port": 99999999999999999999999})", "f").ok());
}

TEST(ConfigTest, BadEnvironmentValueNamesTheVariable) {
  auto c = LoadConfig("", Env({{"DISRUPT_THREADS", "many"}}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "DISRUPT_THREADS");
  EXPECT_FALSE(LoadConfig("", Env({{"DISRUPT_AUDIT_READS", "perhaps"}})).ok());
}

TEST(ConfigTest, TlsNeedsBothFiles) {
  Config c;
  c.tls_cert = "cert.pem";
  EXPECT_EQ(ValidateConfig(c).field(), "tls_key");
  c.tls_key = "key.pem";
  EXPECT_TRUE(ValidateConfig(c).ok());
}

TEST(ConfigTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadConfig("/nonexistent/serve.json", Env({})).status().code(), StatusCode::kNotFound);
}

TEST(ConfigTest, PrintedConfigurationReadsBack) {
  Config c;
  c.port = 1234;
  c.web_root = "web";
  auto back = ParseConfig(ConfigToJson(c), "printed");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->port, 1234);
  EXPECT_EQ(back->web_root, "web");
}

}  // namespace
}  // namespace disrupt::server
