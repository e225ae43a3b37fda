// HttpTransport: the portal's HTTP/1.1 connection layer, plain or over TLS.
//
// One epoll set holds the listening socket, every open connection, a timer
// and a wake-up event. A fixed pool of worker threads waits on it together;
// each takes one ready connection at a time (EPOLLONESHOT), reads what has
// arrived, and once a request is whole runs the handler on it and writes the
// answer. So a request is served by whichever worker is free, in the order
// the connections became ready, and an open connection costs a socket and a
// buffer, not a thread: the number of requests running at once is the
// number of workers, however many clients keep connections open.
//
// Requests: a request line and headers of at most `max_header_bytes`
// (414 for a longer target, 431 for longer headers), a body framed by
// Content-Length or chunked transfer coding (413 beyond `max_body_bytes`,
// 400 for both framings at once, 501 for other codings), `Expect:
// 100-continue` answered once the head has passed `before_body`. Anything
// malformed gets an answer from the `error` handler with the status set and
// the connection is closed. Answers carry Content-Length; keep-alive follows
// HTTP/1.1 (HTTP/1.0: only when asked), up to `keep_alive_max_requests`.
//
// Writes never block a worker: what the socket does not take at once stays
// with the connection, which waits in the epoll set until it can take more
// (a client that does not read its answers holds its own buffer, not a
// thread), and no further request of that connection is served meanwhile.
//
// Timeouts, checked by a timer every quarter of a second: a connection idle
// between requests is closed after `idle_timeout_ms`; a request head must
// arrive whole within `read_timeout_ms` of its first byte, and a request (or
// TLS handshake) that stops arriving is closed `read_timeout_ms` after its
// last bytes; an answer the client has not taken within `write_timeout_ms`
// closes the connection.
//
// Life cycle: Create, Bind (returns the port; 0 picks one), Run (serves on
// `threads` workers until Stop; returns once every connection is closed),
// Stop (from any thread, not a signal handler: the listening socket closes
// at once, connections between requests are closed unless a request's bytes
// are already waiting, a request already begun is still read, answered and
// its connection then closed).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace disrupt::server {

struct TransportOptions {
  int threads = 16;               // requests served at once
  int max_connections = 4096;     // open connections; beyond, new ones are closed at once
  int read_timeout_ms = 10000;    // a request begun must arrive whole within this of its last bytes
  int write_timeout_ms = 10000;   // an answer must be sent within this
  int idle_timeout_ms = 5000;     // a keep-alive connection without a request
  int keep_alive_max_requests = 10000;
  size_t max_header_bytes = 16384;          // request line and headers
  size_t max_target_bytes = 8192;           // the request target alone
  size_t max_body_bytes = 256u << 20;       // any body (routes bound theirs lower in before_body)
  std::string tls_cert;  // both set: TLS only
  std::string tls_key;
};

class HttpTransport {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  struct Handlers {
    // Called once the head is read, before the body: returns true when it has
    // answered in `response` (the body is then not read; the connection closes).
    std::function<bool(const httplib::Request&, httplib::Response&)> before_body;
    // The request, whole.
    Handler handle;
    // A request the HTTP layer refuses itself: `response.status` is set
    // (400, 408, 413, 414, 417, 431, 501, 505); fills in the body.
    Handler error;
    // Something thrown by `handle` (it is answered 500).
    std::function<void()> on_exception;
  };

  // kFailedPrecondition when the TLS certificate or key cannot be loaded;
  // kInvalidArgument for options out of range.
  static Result<std::unique_ptr<HttpTransport>> Create(TransportOptions options, Handlers handlers);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds and listens (queue of SOMAXCONN). Returns the bound port.
  // kUnavailable when the address cannot be bound.
  Result<int> Bind(const std::string& address, int port);
  // Serves until Stop(); returns once every connection is closed.
  Status Run();
  // Stops accepting; idempotent.
  void Stop();

  // Connections open now (for tests and metrics).
  int open_connections() const;

 private:
  struct Impl;
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace disrupt::server
