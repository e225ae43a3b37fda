// Metrics and their Prometheus text rendering; see metrics.h.
#include "server/metrics.h"

#include <cstdio>

namespace disrupt::server {

namespace {

std::string FormatDouble(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void Line(std::string& out, std::string_view name, std::string_view labels, const std::string& value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += value;
  out += '\n';
}

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

std::string Label(std::string_view key, std::string_view value) {
  return std::string(key) + "=\"" + EscapeLabel(value) + "\"";
}

}  // namespace

std::string EscapeLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Histogram::Observe(double seconds) {
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++buckets_[i];
      break;
    }
  }
  ++count_;
  sum_ += seconds;
}

void Histogram::Render(std::string& out, std::string_view name, std::string_view labels) const {
  std::string bucket = std::string(name) + "_bucket";
  std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
  unsigned long long cumulative = 0;
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += buckets_[i];
    Line(out, bucket, prefix + "le=\"" + FormatDouble(kLatencyBuckets[i]) + "\"", std::to_string(cumulative));
  }
  Line(out, bucket, prefix + "le=\"+Inf\"", std::to_string(count_));
  Line(out, std::string(name) + "_sum", labels, FormatDouble(sum_));
  Line(out, std::string(name) + "_count", labels, std::to_string(count_));
}

void Metrics::CountRequest(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto it = latency_.find(route);
  if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram()).first;
  it->second.Observe(seconds);
  if (status >= 500) ++internal_errors_;
}

void Metrics::CountStoreOperation(std::string_view op, bool ok, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  store_ops_[{std::string(op), ok ? "ok" : "error"}].Observe(seconds);
}

void Metrics::CountDenial(std::string_view reason) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = denials_.find(reason);
  if (it == denials_.end()) it = denials_.emplace(std::string(reason), 0).first;
  ++it->second;
}

void Metrics::CountImport(std::string_view outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = imports_.find(outcome);
  if (it == imports_.end()) it = imports_.emplace(std::string(outcome), 0).first;
  ++it->second;
}

std::string Metrics::Render() const {
  std::string out;
  out.reserve(8192);
  std::lock_guard<std::mutex> lock(mu_);
  Header(out, "disrupt_http_requests_total", "counter", "HTTP requests answered, by route pattern, method and status.");
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    Line(out, "disrupt_http_requests_total",
         Label("route", route) + "," + Label("method", method) + "," + Label("status", std::to_string(status)),
         std::to_string(n));
  }
  Header(out, "disrupt_http_request_duration_seconds", "histogram", "Time from request parsed to response ready.");
  for (const auto& [route, h] : latency_) h.Render(out, "disrupt_http_request_duration_seconds", Label("route", route));
  Header(out, "disrupt_http_requests_in_flight", "gauge", "Requests being handled now.");
  Line(out, "disrupt_http_requests_in_flight", "", std::to_string(in_flight_.load()));
  if (open_connections_) {
    Header(out, "disrupt_http_connections_open", "gauge", "Client connections open now (idle keep-alive ones too).");
    Line(out, "disrupt_http_connections_open", "", std::to_string(open_connections_()));
  }
  Header(out, "disrupt_http_internal_errors_total", "counter", "Requests answered with a 5xx status.");
  Line(out, "disrupt_http_internal_errors_total", "", std::to_string(internal_errors_));
  Header(out, "disrupt_http_rate_limited_total", "counter", "Requests refused by the rate limit.");
  Line(out, "disrupt_http_rate_limited_total", "", std::to_string(rate_limited_.load()));
  Header(out, "disrupt_store_operation_duration_seconds", "histogram", "Catalogue store operations, by outcome.");
  for (const auto& [key, h] : store_ops_) {
    h.Render(out, "disrupt_store_operation_duration_seconds", Label("op", key.first) + "," + Label("outcome", key.second));
  }
  Header(out, "disrupt_policy_denials_total", "counter", "Need-to-know denials, by reason code.");
  for (const auto& [reason, n] : denials_) {
    Line(out, "disrupt_policy_denials_total", Label("reason", reason), std::to_string(n));
  }
  Header(out, "disrupt_imports_total", "counter", "Imports finished, by outcome.");
  for (const auto& [outcome, n] : imports_) {
    Line(out, "disrupt_imports_total", Label("outcome", outcome), std::to_string(n));
  }
  return out;
}

}  // namespace disrupt::server
