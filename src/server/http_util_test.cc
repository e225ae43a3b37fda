// Tests of the HTTP edge helpers: error shape, JSON body validation, ids.
#include "server/http_util.h"

#include <gtest/gtest.h>

namespace disrupt::server {
namespace {

using nlohmann::json;

TEST(HttpUtilTest, ErrorShape) {
  json j = json::parse(ErrorBody(Status::InvalidArgument("expected a whole number", "limit")));
  EXPECT_EQ(j, json::parse(R"({"error": {"code": "invalid_argument", "message": "expected a whole number",
                                         "field": "limit"}})"));
  json k = json::parse(ErrorBody(Status::NotFound("no such record")));
  EXPECT_FALSE(k["error"].contains("field"));
  EXPECT_EQ(json::parse(ErrorBodyForHttpStatus(413))["error"]["code"], "resource_exhausted");
  EXPECT_EQ(json::parse(ErrorBodyForHttpStatus(599))["error"]["code"], "internal");
}

TEST(HttpUtilTest, JsonBodies) {
  EXPECT_TRUE(ParseJsonBody(R"({"a": [1, 2]})", 4, 100).ok());
  auto bad = ParseJsonBody(R"({"a": )", 4, 100);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "body");
  EXPECT_EQ(ParseJsonBody("{\"a\": \"\xc3\x28\"}", 4, 100).status().field(), "body");
  EXPECT_EQ(ParseJsonBody(std::string(200, ' '), 4, 100).status().code(), StatusCode::kResourceExhausted);
  EXPECT_FALSE(ParseJsonBody("   ", 4, 100).ok());
  // A number beyond every JSON number type is bad input, not an internal error.
  auto huge = ParseJsonBody("[666666e6666666666667]", 4, 100);
  EXPECT_EQ(huge.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(huge.status().field(), "body");
  // Nesting is counted before parsing; brackets inside strings do not count.
  EXPECT_FALSE(ParseJsonBody("[[[[[1]]]]]", 4, 100).ok());
  EXPECT_TRUE(ParseJsonBody(R"({"s": "[[[[[[[[["})", 4, 100).ok());
  std::string deep(100000, '[');
  EXPECT_FALSE(ParseJsonBody(deep, 32, 1 << 20).ok());
}

TEST(HttpUtilTest, Counts) {
  EXPECT_EQ(*ParseCount("50", "limit", 1, 500), 50);
  EXPECT_EQ(ParseCount("0", "limit", 1, 500).status().field(), "limit");
  EXPECT_FALSE(ParseCount("5x", "limit", 1, 500).ok());
  EXPECT_FALSE(ParseCount("99999999999999999999", "limit", 1, 500).ok());
}

TEST(HttpUtilTest, RequestIds) {
  std::string a = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, NewRequestId());
  EXPECT_TRUE(IsAcceptableRequestId(a));
  EXPECT_FALSE(IsAcceptableRequestId(""));
  EXPECT_FALSE(IsAcceptableRequestId("a b"));
  EXPECT_FALSE(IsAcceptableRequestId("x\r\nSet-Cookie: a=b"));
  EXPECT_FALSE(IsAcceptableRequestId(std::string(65, 'a')));
}

TEST(HttpUtilTest, MediaType) {
  EXPECT_EQ(MediaType("Application/JSON; charset=utf-8"), "application/json");
  EXPECT_EQ(MediaType(""), "");
}

}  // namespace
}  // namespace disrupt::server
