// Tests of the HTTP/1.1 connection layer over real sockets on loopback:
// framing, keep-alive, pipelining, chunked bodies, 100-continue, refusals of
// malformed requests, timeouts, many connections on few threads, and
// shutdown with a request in flight.
#include "server/http_transport.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "testing.h"

namespace disrupt::server {
namespace {

// A transport serving on a port of its own, run on a thread.
class Served {
 public:
  explicit Served(TransportOptions options, HttpTransport::Handlers handlers = Echo()) {
    auto created = HttpTransport::Create(std::move(options), std::move(handlers));
    if (!created.ok()) {  // every test here builds a valid transport
      std::fprintf(stderr, "transport: %s\n", created.status().ToString().c_str());
      std::abort();
    }
    transport_ = std::move(created).value();
    auto port = transport_->Bind("127.0.0.1", 0);
    if (!port.ok()) {
      std::fprintf(stderr, "bind: %s\n", port.status().ToString().c_str());
      std::abort();
    }
    port_ = *port;
    runner_ = std::thread([this] { run_status_ = transport_->Run(); });
  }
  ~Served() {
    transport_->Stop();
    runner_.join();
  }
  int port() const { return port_; }
  HttpTransport& transport() { return *transport_; }
  void StopAndWait() {
    transport_->Stop();
    runner_.join();
    runner_ = std::thread([] {});
  }

  // Answers with the method, decoded path, query parameters and body it saw.
  static HttpTransport::Handlers Echo() {
    HttpTransport::Handlers h;
    h.handle = [](const httplib::Request& req, httplib::Response& res) {
      std::string text = req.method + " " + req.path;
      for (const auto& [k, v] : req.params) text += " [" + k + "=" + v + "]";
      text += " body=" + req.body;
      res.status = 200;
      res.set_content(text, "text/plain");
    };
    h.error = [](const httplib::Request&, httplib::Response& res) { res.set_content("refused", "text/plain"); };
    return h;
  }

  // Answers /big with `big_bytes` of 'x' and anything else with "small".
  static HttpTransport::Handlers BigOrSmall(size_t big_bytes) {
    HttpTransport::Handlers h = Echo();
    h.handle = [big_bytes](const httplib::Request& req, httplib::Response& res) {
      res.status = 200;
      res.set_content(req.path == "/big" ? std::string(big_bytes, 'x') : "small", "text/plain");
    };
    return h;
  }

 private:
  std::unique_ptr<HttpTransport> transport_;
  int port_ = 0;
  Status run_status_;
  std::thread runner_;
};

// A client connection with a receive timeout (a hang fails the test instead of blocking it).
class Conn {
 public:
  explicit Conn(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{30, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Conn() {
    if (fd_ >= 0) close(fd_);
  }
  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
  };
  // Reads one answer (head, then Content-Length bytes unless `head_only`); status 0 when the connection ends first.
  Answer Read(bool head_only = false) {
    Answer a;
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return a;
    }
    std::string head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    if (head.rfind("HTTP/1.1 ", 0) != 0) return a;
    a.status = std::stoi(head.substr(9, 3));
    size_t pos = head.find("\r\n") + 2;
    while (pos < head.size()) {
      size_t eol = head.find("\r\n", pos);
      std::string line = head.substr(pos, eol - pos);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      a.headers[name] = line.substr(colon + 2);
      pos = eol + 2;
    }
    if (head_only || !a.headers.count("content-length")) return a;
    size_t length = std::stoul(a.headers["content-length"]);
    while (buffer_.size() < length) {
      if (!Fill()) return Answer{};
    }
    a.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return a;
  }
  // True when the server closed the connection (end of stream before any more bytes).
  bool ClosedByServer() {
    char c;
    ssize_t n = recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }
  std::string& buffer() { return buffer_; }
  bool Fill() {
    char chunk[65536];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

TEST(HttpTransportTest, ServesKeepAliveRequestsWithDecodedPathAndQuery) {
  Served s(TransportOptions{});
  Conn c(s.port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send("GET /a%20b/c?x=1+2&y=%41%42&flag HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "GET /a b/c [flag=] [x=1 2] [y=AB] body=");
  EXPECT_EQ(a.headers["content-length"], std::to_string(a.body.size()));
  EXPECT_EQ(a.headers.count("connection"), 0u);
  // The same connection carries the next request.
  ASSERT_TRUE(c.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"));
  a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "POST /p body=hello");
}

TEST(HttpTransportTest, AnswersPipelinedRequestsInOrder) {
  Served s(TransportOptions{});
  Conn c(s.port());
  std::string all;
  for (int i = 0; i < 5; ++i) all += "GET /r" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n";
  ASSERT_TRUE(c.Send(all));
  for (int i = 0; i < 5; ++i) {
    auto a = c.Read();
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, "GET /r" + std::to_string(i) + " body=");
  }
}

TEST(HttpTransportTest, DecodesChunkedBodiesSentPieceByPiece) {
  Served s(TransportOptions{});
  Conn c(s.port());
  ASSERT_TRUE(c.Send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"));
  ASSERT_TRUE(c.Send("lo\r\n6;ext=1\r\n world\r\n"));
  ASSERT_TRUE(c.Send("0\r\nTrailer: x\r\n\r\n"));
  auto a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "POST /c body=hello world");
}

TEST(HttpTransportTest, DecodesBodiesOfManySmallChunks) {
  Served s(TransportOptions{});
  Conn c(s.port());
  std::string raw = "POST /many HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string expected;
  for (int i = 0; i < 30000; ++i) {
    std::string piece = std::to_string(i % 10) + "ab";
    raw += "3\r\n" + piece + "\r\n";
    expected += piece;
  }
  raw += "0\r\n\r\n";
  ASSERT_TRUE(c.Send(raw));
  auto a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "POST /many body=" + expected);
}

TEST(HttpTransportTest, SendsContinueBeforeTheBodyIsSent) {
  Served s(TransportOptions{});
  Conn c(s.port());
  ASSERT_TRUE(c.Send("PUT /e HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.Read(/*head_only=*/true);
  EXPECT_EQ(interim.status, 100);
  ASSERT_TRUE(c.Send("abc"));
  auto a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "PUT /e body=abc");
}

TEST(HttpTransportTest, RefusesMalformedRequestsThroughTheErrorHandlerAndCloses) {
  TransportOptions options;
  options.max_header_bytes = 4096;
  options.max_target_bytes = 1024;
  options.max_body_bytes = 100;
  Served s(options);
  const std::vector<std::pair<std::string, int>> cases = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET /x HTTP/1.1 extra\r\n\r\n", 400},
      {"GET x HTTP/1.1\r\nHost: t\r\n\r\n", 400},
      {"GET /x HTTP/2.0\r\n\r\n", 505},
      {"GET /x FTP/1.0\r\n\r\n", 400},
      {"GET /" + std::string(2000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414},
      {"GET /x HTTP/1.1\r\nHost: t\r\nX: " + std::string(5000, 'y') + "\r\n\r\n", 431},
      {"GET /x HTTP/1.1\r\nHost: t\r\nBad Name: 1\r\n\r\n", 400},
      {"GET /x HTTP/1.1\r\nHost: t\r\n folded\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400},
      {"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n", 413},
      {"POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n", 413},
      {"GET /x HTTP/1.1\r\nHost: t\r\nExpect: something\r\n\r\n", 417},
  };
  for (const auto& [raw, status] : cases) {
    Conn c(s.port());
    ASSERT_TRUE(c.Send(raw));
    auto a = c.Read();
    EXPECT_EQ(a.status, status) << raw.substr(0, 60);
    EXPECT_EQ(a.body, "refused") << raw.substr(0, 60);
    EXPECT_EQ(a.headers["connection"], "close") << raw.substr(0, 60);
    EXPECT_TRUE(c.ClosedByServer()) << raw.substr(0, 60);
  }
  // Still serving.
  Conn c(s.port());
  ASSERT_TRUE(c.Send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.Read().status, 200);
}

TEST(HttpTransportTest, ARefusalBeforeTheBodyReachesAClientStillSendingIt) {
  HttpTransport::Handlers h = Served::Echo();
  h.before_body = [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Content-Length") == "0") return false;
    res.status = 413;
    res.set_content("too large", "text/plain");
    return true;
  };
  Served s(TransportOptions{}, h);
  Conn c(s.port());
  std::string body(4 << 20, 'x');
  ASSERT_TRUE(c.Send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  // The client sends the whole body before reading, as simple clients do:
  // the server must neither reset the connection nor lose its answer.
  EXPECT_TRUE(c.Send(body));
  auto a = c.Read();
  EXPECT_EQ(a.status, 413);
  EXPECT_EQ(a.body, "too large");
  EXPECT_TRUE(c.ClosedByServer());
}

TEST(HttpTransportTest, AnHttp11RequestNeedsExactlyOneHost) {
  Served s(TransportOptions{});
  for (const char* raw : {"GET /x HTTP/1.1\r\n\r\n", "GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"}) {
    Conn c(s.port());
    ASSERT_TRUE(c.Send(raw));
    EXPECT_EQ(c.Read().status, 400) << raw;
  }
  Conn old(s.port());
  ASSERT_TRUE(old.Send("GET /x HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(old.Read().status, 200);
}

TEST(HttpTransportTest, AClientThatDoesNotReadItsAnswersHoldsNoWorker) {
  TransportOptions options;
  options.threads = 1;
  Served s(options, Served::BigOrSmall(64 * 1024));
  // 300 answers of 64 KiB asked for and never read: far more than the
  // sockets' buffers hold, so the one worker would wait if writes blocked.
  Conn greedy(s.port());
  std::string asks;
  for (int i = 0; i < 300; ++i) asks += "GET /big HTTP/1.1\r\nHost: t\r\n\r\n";
  ASSERT_TRUE(greedy.Send(asks));
  Conn other(s.port());
  ASSERT_TRUE(other.Send("GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto a = other.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "small");
  // The greedy client still gets every answer, in order, once it reads.
  for (int i = 0; i < 300; ++i) {
    auto big = greedy.Read();
    ASSERT_EQ(big.status, 200) << "answer " << i;
    ASSERT_EQ(big.body.size(), 64u * 1024u);
  }
}

TEST(HttpTransportTest, HeadAnswersCarryTheLengthButNoBody) {
  Served s(TransportOptions{});
  Conn c(s.port());
  ASSERT_TRUE(c.Send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\nGET /g HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c.Read(/*head_only=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], std::to_string(std::string("HEAD /h body=").size()));
  // The next bytes are the second answer, not a body.
  auto get = c.Read();
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "GET /g body=");
}

TEST(HttpTransportTest, ClosesAfterTheLastKeepAliveRequestAndForHttp10) {
  TransportOptions options;
  options.keep_alive_max_requests = 2;
  Served s(options);
  Conn c(s.port());
  ASSERT_TRUE(c.Send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.Read().headers.count("connection"), 0u);
  ASSERT_TRUE(c.Send("GET /2 HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.Read().headers["connection"], "close");
  EXPECT_TRUE(c.ClosedByServer());

  Conn old(s.port());
  ASSERT_TRUE(old.Send("GET /1 HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(old.Read().headers["connection"], "close");
  EXPECT_TRUE(old.ClosedByServer());
  Conn asked(s.port());
  ASSERT_TRUE(asked.Send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(asked.Read().headers["connection"], "keep-alive");
  ASSERT_TRUE(asked.Send("GET /2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(asked.Read().headers["connection"], "close");
}

TEST(HttpTransportTest, AThrowingHandlerIsAnswered500AndReported) {
  std::atomic<int> reported{0};
  HttpTransport::Handlers h = Served::Echo();
  h.handle = [](const httplib::Request&, httplib::Response&) { throw std::runtime_error("secret record text"); };
  h.on_exception = [&reported] { ++reported; };
  Served s(TransportOptions{}, h);
  Conn c(s.port());
  ASSERT_TRUE(c.Send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto a = c.Read();
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.body.find("secret"), std::string::npos);
  EXPECT_EQ(reported.load(), 1);
}

TEST(HttpTransportTest, ClosesIdleConnectionsAndHeadsThatDoNotArrive) {
  TransportOptions options;
  options.idle_timeout_ms = 300;
  options.read_timeout_ms = 300;
  Served s(options);
  Conn idle(s.port());
  ASSERT_TRUE(idle.Send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(idle.Read().status, 200);
  EXPECT_TRUE(idle.ClosedByServer());  // within the idle timeout (the receive timeout is 30 s)
  Conn partial(s.port());
  ASSERT_TRUE(partial.Send("GET /1 HTTP/1.1\r\nHost:"));
  EXPECT_TRUE(partial.ClosedByServer());
}

TEST(HttpTransportTest, ServesManyMoreConnectionsThanThreads) {
  TransportOptions options;
  options.threads = 2;
  Served s(options);
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < 100; ++i) {
    conns.push_back(std::make_unique<Conn>(s.port()));
    ASSERT_TRUE(conns.back()->connected());
  }
  // Every connection open at once, each with a request: all answered, twice.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(conns[i]->Send("GET /c" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n"));
    for (int i = 0; i < 100; ++i) {
      auto a = conns[i]->Read();
      EXPECT_EQ(a.status, 200);
      EXPECT_EQ(a.body, "GET /c" + std::to_string(i) + " body=");
    }
  }
  EXPECT_EQ(s.transport().open_connections(), 100);
}

TEST(HttpTransportTest, StopAnswersTheRequestInFlightAndRefusesNewConnections) {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, release = false;
  HttpTransport::Handlers h = Served::Echo();
  h.handle = [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock<std::mutex> lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    res.status = 200;
    res.set_content("finished", "text/plain");
  };
  auto served = std::make_unique<Served>(TransportOptions{}, h);
  int port = served->port();
  Conn idle(port);
  auto busy = std::make_unique<Conn>(port);
  ASSERT_TRUE(busy->Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return entered; });
  }
  std::thread stopper([&] { served->StopAndWait(); });
  // Idle connections are closed, new ones refused, while the request runs.
  EXPECT_TRUE(idle.ClosedByServer());
  Conn late(port);
  EXPECT_TRUE(!late.connected() || late.ClosedByServer());
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  auto a = busy->Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "finished");
  EXPECT_EQ(a.headers["connection"], "close");
  busy.reset();  // the client closes once answered; the server then has nothing left open
  stopper.join();  // Run returned: every connection is closed
  EXPECT_EQ(served->transport().open_connections(), 0);
}

// A throw-away self-signed certificate (P-256) written as PEM files.
bool WriteSelfSigned(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) return false;
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  bool ok = X509_sign(cert, key, EVP_sha256()) > 0;
  FILE* f = std::fopen(cert_path.c_str(), "w");
  ok = ok && f != nullptr && PEM_write_X509(f, cert) == 1;
  if (f != nullptr) std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  ok = ok && f != nullptr && PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (f != nullptr) std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
  return ok;
}

// A blocking TLS client over a Conn's socket (the certificate is not checked: it is the test's own).
class TlsConn {
 public:
  explicit TlsConn(int port) : conn_(port) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, conn_.fd());
    connected_ = conn_.connected() && SSL_connect(ssl_) == 1;
  }
  ~TlsConn() {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
  }
  bool connected() const { return connected_; }
  bool Send(std::string_view data) {
    size_t n = 0;
    return SSL_write_ex(ssl_, data.data(), data.size(), &n) == 1 && n == data.size();
  }
  // Reads until `buffer` holds `bytes` bytes or the stream ends.
  bool ReadAtLeast(size_t bytes) {
    char chunk[65536];
    while (buffer_.size() < bytes) {
      size_t n = 0;
      if (SSL_read_ex(ssl_, chunk, sizeof chunk, &n) != 1) return false;
      buffer_.append(chunk, n);
    }
    return true;
  }
  std::string& buffer() { return buffer_; }

 private:
  Conn conn_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  bool connected_ = false;
  std::string buffer_;
};

TEST(HttpTransportTest, ServesOverTlsIncludingAnswersLargerThanTheSocketTakesAtOnce) {
  testing::TempDir dir;
  const std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  ASSERT_TRUE(WriteSelfSigned(cert, key));
  TransportOptions options;
  options.threads = 1;
  options.tls_cert = cert;
  options.tls_key = key;
  Served s(options, Served::BigOrSmall(4 << 20));
  TlsConn big(s.port());
  ASSERT_TRUE(big.connected());
  // Two answers of 4 MiB asked for before reading: the server must finish
  // them as the client reads, without a worker waiting meanwhile.
  ASSERT_TRUE(big.Send("GET /big HTTP/1.1\r\nHost: t\r\n\r\nGET /big HTTP/1.1\r\nHost: t\r\n\r\n"));
  TlsConn other(s.port());
  ASSERT_TRUE(other.connected());
  ASSERT_TRUE(other.Send("GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(other.ReadAtLeast(1));
  while (other.buffer().find("\r\n\r\nsmall") == std::string::npos) {
    ASSERT_TRUE(other.ReadAtLeast(other.buffer().size() + 1));
  }
  EXPECT_EQ(other.buffer().rfind("HTTP/1.1 200", 0), 0u);
  // Both large answers arrive whole and in order.
  for (int i = 0; i < 2; ++i) {
    size_t head_end;
    while ((head_end = big.buffer().find("\r\n\r\n")) == std::string::npos) {
      ASSERT_TRUE(big.ReadAtLeast(big.buffer().size() + 1));
    }
    ASSERT_EQ(big.buffer().rfind("HTTP/1.1 200", 0), 0u);
    ASSERT_NE(big.buffer().find("Content-Length: 4194304\r\n"), std::string::npos);
    ASSERT_TRUE(big.ReadAtLeast(head_end + 4 + (4u << 20)));
    std::string_view body(big.buffer().data() + head_end + 4, 4u << 20);
    EXPECT_EQ(body.find_first_not_of('x'), std::string_view::npos);
    big.buffer().erase(0, head_end + 4 + (4u << 20));
  }
  // Plain HTTP on the TLS port is not answered.
  Conn plain(s.port());
  ASSERT_TRUE(plain.Send("GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(plain.Read().status, 0);
}

TEST(HttpTransportTest, RefusesBadOptionsAndMissingTlsFiles) {
  TransportOptions options;
  options.threads = 0;
  EXPECT_EQ(HttpTransport::Create(options, Served::Echo()).status().code(), StatusCode::kInvalidArgument);
  options.threads = 1;
  options.read_timeout_ms = 0;
  EXPECT_EQ(HttpTransport::Create(options, Served::Echo()).status().code(), StatusCode::kInvalidArgument);
  options.read_timeout_ms = 1000;
  options.max_header_bytes = 10;
  EXPECT_EQ(HttpTransport::Create(options, Served::Echo()).status().code(), StatusCode::kInvalidArgument);
  options.max_header_bytes = 16384;
  options.tls_cert = "/nonexistent/cert.pem";
  options.tls_key = "/nonexistent/key.pem";
  EXPECT_EQ(HttpTransport::Create(options, Served::Echo()).status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace disrupt::server
