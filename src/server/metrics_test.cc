// Tests of the metrics' Prometheus text rendering.
#include "server/metrics.h"

#include <gtest/gtest.h>

#include <sstream>

namespace disrupt::server {
namespace {

std::string LineStartingWith(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

TEST(MetricsTest, CountsRequestsByRouteMethodAndStatus) {
  Metrics m;
  m.CountRequest("/api/v1/entities/{id}", "GET", 200, 0.002);
  m.CountRequest("/api/v1/entities/{id}", "GET", 200, 0.004);
  m.CountRequest("/api/v1/entities/{id}", "GET", 404, 0.001);
  std::string text = m.Render();
  EXPECT_EQ(LineStartingWith(text, "disrupt_http_requests_total{route=\"/api/v1/entities/{id}\",method=\"GET\","
                                   "status=\"200\"}"),
            "disrupt_http_requests_total{route=\"/api/v1/entities/{id}\",method=\"GET\",status=\"200\"} 2");
  EXPECT_NE(text.find("# TYPE disrupt_http_request_duration_seconds histogram"), std::string::npos);
}

TEST(MetricsTest, OpenConnectionsComeFromTheirSource) {
  Metrics m;
  EXPECT_EQ(m.Render().find("disrupt_http_connections_open"), std::string::npos);  // no source, no series
  long long open = 7;
  m.SetOpenConnections([&open] { return open; });
  EXPECT_EQ(LineStartingWith(m.Render(), "disrupt_http_connections_open "), "disrupt_http_connections_open 7");
  open = 3;
  EXPECT_EQ(LineStartingWith(m.Render(), "disrupt_http_connections_open "), "disrupt_http_connections_open 3");
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  // 0.0007 s falls in le=0.001; 0.003 in le=0.005; 20 s only in +Inf.
  m.CountRequest("/r", "GET", 200, 0.0007);
  m.CountRequest("/r", "GET", 200, 0.003);
  m.CountRequest("/r", "GET", 200, 20);
  std::string text = m.Render();
  auto bucket = [&](const std::string& le) {
    return LineStartingWith(text, "disrupt_http_request_duration_seconds_bucket{route=\"/r\",le=\"" + le + "\"}");
  };
  EXPECT_EQ(bucket("0.0005").substr(bucket("0.0005").rfind(' ') + 1), "0");
  EXPECT_EQ(bucket("0.001").substr(bucket("0.001").rfind(' ') + 1), "1");
  EXPECT_EQ(bucket("0.005").substr(bucket("0.005").rfind(' ') + 1), "2");
  EXPECT_EQ(bucket("10").substr(bucket("10").rfind(' ') + 1), "2");
  EXPECT_EQ(bucket("+Inf").substr(bucket("+Inf").rfind(' ') + 1), "3");
  std::string count = LineStartingWith(text, "disrupt_http_request_duration_seconds_count{route=\"/r\"}");
  EXPECT_EQ(count.substr(count.rfind(' ') + 1), "3");
  std::string sum = LineStartingWith(text, "disrupt_http_request_duration_seconds_sum{route=\"/r\"}");
  EXPECT_NEAR(std::stod(sum.substr(sum.rfind(' ') + 1)), 20.0037, 1e-9);
}

TEST(MetricsTest, DenialsStoreOperationsAndErrors) {
  Metrics m;
  m.CountDenial("not_releasable");
  m.CountDenial("not_releasable");
  m.CountStoreOperation("get", true, 0.001);
  m.CountRequest("/x", "GET", 500, 0.001);
  std::string text = m.Render();
  EXPECT_EQ(LineStartingWith(text, "disrupt_policy_denials_total{"),
            "disrupt_policy_denials_total{reason=\"not_releasable\"} 2");
  EXPECT_NE(LineStartingWith(text, "disrupt_store_operation_duration_seconds_count{op=\"get\",outcome=\"ok\"} 1"),
            "");
  EXPECT_EQ(LineStartingWith(text, "disrupt_http_internal_errors_total "), "disrupt_http_internal_errors_total 1");
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(EscapeLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace disrupt::server
