// The portal's HTTP/1.1 connection layer; see http_transport.h.
//
// Ownership of a connection: it is in the table (by id, the value its epoll
// events carry) while open. Its state says who may touch it: kArmed (in the
// epoll set, waiting for bytes: the timer may close it), kBusy (one worker
// owns it), kClosed. The switch between them happens under the connection's
// own mutex, and so does every epoll_ctl and close of its socket, so that a
// socket number is never re-armed after it was closed and reused.
#include "server/http_transport.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/text.h"

namespace disrupt::server {

namespace {

constexpr uint64_t kListenId = 1;
constexpr uint64_t kTimerId = 2;
constexpr uint64_t kWakeId = 3;
constexpr uint64_t kFirstConnectionId = 16;
constexpr size_t kReadChunk = 64 * 1024;
// Bytes one worker reads from one connection before letting others go first.
constexpr size_t kReadTurn = 1 << 20;
constexpr int kSweepMillis = 250;
constexpr size_t kMaxHeaders = 100;
constexpr size_t kMaxChunkLine = 1024;

long long NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding; with `plus`, '+' is a space (query strings). A '%' not
// followed by two hex digits stays as it is.
std::string PercentDecode(std::string_view s, bool plus) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus && c == '+' ? ' ' : c);
  }
  return out;
}

// Whether a comma-separated header value holds `token` (ASCII case ignored).
bool HasToken(std::string_view value, std::string_view token) {
  for (const auto& part : SplitTrimmed(value, ',')) {
    if (AsciiLower(part) == token) return true;
  }
  return false;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 423: return "Locked";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return "Status";
  }
}

std::string PeerAddress(const sockaddr_storage& addr, int* port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    *port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    *port = ntohs(in6->sin6_port);
  }
  return text;
}

enum class State { kArmed, kBusy, kClosed };

// What a turn on a connection ends with. kLinger: answered and closing, but
// the client may still be sending a body that was not read: stop writing
// and discard what arrives for a while, so that the client can finish
// sending and read the answer (closing at once would reset the connection
// and lose the answer in flight).
enum class Next { kWantRead, kWantWrite, kClose, kLinger };

constexpr long long kLingerMillis = 5000;

// A parsed request head, and how its body is framed.
struct Head {
  size_t length = 0;  // bytes of the head, including the blank line
  bool chunked = false;
  unsigned long long content_length = 0;
  bool keep_alive = true;
  bool expect_continue = false;
};

}  // namespace

struct HttpTransport::Impl {
  struct Connection {
    uint64_t id = 0;
    int fd = -1;
    SSL* ssl = nullptr;
    bool handshaken = false;
    std::string remote_addr;
    int remote_port = 0;
    std::mutex mu;  // guards state, and epoll_ctl/close of fd
    State state = State::kBusy;
    std::atomic<long long> last_active{0};
    // Bytes received and not yet consumed by a request.
    std::string in;
    size_t scanned = 0;  // how far `in` has been searched for the end of the head
    // The request being read (its head is parsed once `have_head`).
    bool have_head = false;
    Head head;
    httplib::Request request;
    // Chunked body: the decoded bytes so far and where decoding stands in `in`.
    std::string body;
    size_t chunk_pos = 0;
    bool chunks_done = false;
    int served = 0;
    // Whether a request (or the TLS handshake) has begun and not finished:
    // the read timeout applies instead of the idle one.
    std::atomic<bool> partial{false};
    // When the head of the request being read must have arrived whole (0:
    // none being read), so that a client trickling bytes cannot hold the
    // connection for ever.
    std::atomic<long long> head_deadline{0};
    // Closing after a refusal (Next::kLinger): until when input is discarded.
    bool lingering = false;
    // An answer not yet taken by the socket, and what follows once it is.
    std::string out;
    size_t out_pos = 0;
    bool close_after_write = false;
    std::atomic<long long> write_deadline{0};
    bool tls_failed = false;  // no close_notify after a fatal TLS error
    std::atomic<long long> linger_deadline{0};
  };

  TransportOptions options;
  Handlers handlers;
  SSL_CTX* tls = nullptr;
  int epfd = -1;
  int listen_fd = -1;
  int timer_fd = -1;
  int wake_fd = -1;
  int spare_fd = -1;  // closed to accept (and drop) a connection when out of descriptors
  std::mutex table_mu;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> table;
  std::atomic<uint64_t> next_id{kFirstConnectionId};
  std::atomic<int> open{0};
  std::atomic<bool> stopping{false};
  std::atomic<bool> done{false};
  std::mutex listen_mu;  // guards listen_fd against Stop

  ~Impl() {
    for (auto& [id, c] : table) CloseSocket(*c);
    for (int fd : {listen_fd, timer_fd, wake_fd, epfd, spare_fd}) {
      if (fd >= 0) ::close(fd);
    }
    if (tls != nullptr) SSL_CTX_free(tls);
  }

  // ---- set-up --------------------------------------------------------------

  // (Re-)registers the listening socket or the timer: one worker at a time takes its event.
  void ArmOnce(int fd, uint64_t id, int op) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLONESHOT;
    ev.data.u64 = id;
    epoll_ctl(epfd, op, fd, &ev);
  }

  // The sweep timer: first after `first_nanos`, then every kSweepMillis.
  void StartTimer(long first_nanos) {
    itimerspec spec{};
    spec.it_value.tv_nsec = first_nanos;
    spec.it_interval.tv_nsec = kSweepMillis * 1000000L;
    timerfd_settime(timer_fd, 0, &spec, nullptr);
  }

  Status Init() {
    epfd = epoll_create1(EPOLL_CLOEXEC);
    timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (epfd < 0 || timer_fd < 0 || wake_fd < 0) return Status::Unavailable("cannot create the event set");
    StartTimer(kSweepMillis * 1000000L);
    ArmOnce(timer_fd, kTimerId, EPOLL_CTL_ADD);
    epoll_event ev{};
    ev.events = EPOLLIN;  // level-triggered and never read: wakes every worker once set
    ev.data.u64 = kWakeId;
    epoll_ctl(epfd, EPOLL_CTL_ADD, wake_fd, &ev);
    if (!options.tls_cert.empty()) {
      tls = SSL_CTX_new(TLS_server_method());
      if (tls == nullptr) return Status::FailedPrecondition("cannot set up TLS");
      SSL_CTX_set_min_proto_version(tls, TLS1_2_VERSION);
      SSL_CTX_set_options(tls, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
      SSL_CTX_set_mode(tls, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
      if (SSL_CTX_use_certificate_chain_file(tls, options.tls_cert.c_str()) != 1 ||
          SSL_CTX_use_PrivateKey_file(tls, options.tls_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
          SSL_CTX_check_private_key(tls) != 1) {
        ERR_clear_error();
        return Status::FailedPrecondition("cannot load the TLS certificate or key (tls_cert, tls_key)");
      }
    }
    return Status::Ok();
  }

  Result<int> Bind(const std::string& address, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    if (getaddrinfo(address.empty() ? nullptr : address.c_str(), service.c_str(), &hints, &found) != 0) {
      return Status::Unavailable("cannot resolve the listening address " + address);
    }
    int fd = -1;
    for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
      fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      int yes = 1;
      // Reuse of a recent address, never sharing a port another process listens on.
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
        ::close(fd);
        fd = -1;
      }
    }
    freeaddrinfo(found);
    if (fd < 0) return Status::Unavailable("cannot listen on " + address + ":" + std::to_string(port));
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    int bound_port = 0;
    PeerAddress(bound, &bound_port);
    {
      std::lock_guard<std::mutex> lock(listen_mu);
      listen_fd = fd;
      ArmOnce(listen_fd, kListenId, EPOLL_CTL_ADD);
    }
    return bound_port;
  }

  // ---- the workers -----------------------------------------------------------

  void Worker() {
    for (;;) {
      epoll_event ev{};
      int n = epoll_wait(epfd, &ev, 1, -1);
      if (n < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (n == 0) continue;
      switch (ev.data.u64) {
        case kWakeId:
          if (done.load()) return;
          continue;
        case kListenId:
          Accept();
          continue;
        case kTimerId:
          Sweep();
          continue;
        default:
          Turn(ev.data.u64);
      }
    }
  }

  void Accept() {
    std::lock_guard<std::mutex> lock(listen_mu);
    if (listen_fd < 0) return;
    for (int i = 0; i < 256; ++i) {
      sockaddr_storage peer{};
      socklen_t len = sizeof peer;
      int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if ((errno == EMFILE || errno == ENFILE) && spare_fd >= 0) {
          // Out of descriptors: take the connection with the spare one and
          // drop it, rather than leave it to wake every worker again.
          ::close(spare_fd);
          int dropped = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
          if (dropped >= 0) ::close(dropped);
          spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
          continue;
        }
        break;  // EAGAIN: nothing more waiting
      }
      // Counted before `stopping` is read: Stop's last sweep cannot finish
      // while this connection is being added.
      if (open.fetch_add(1) >= options.max_connections || stopping.load()) {
        ::close(fd);
        Uncount();
        continue;
      }
      int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      auto c = std::make_shared<Connection>();
      c->id = next_id.fetch_add(1);
      c->fd = fd;
      c->remote_addr = PeerAddress(peer, &c->remote_port);
      c->last_active.store(NowMillis());
      if (tls != nullptr) {
        c->ssl = SSL_new(tls);
        if (c->ssl == nullptr || SSL_set_fd(c->ssl, fd) != 1) {
          if (c->ssl != nullptr) SSL_free(c->ssl);
          ::close(fd);
          Uncount();
          continue;
        }
        SSL_set_accept_state(c->ssl);
        c->partial.store(true);  // the handshake is under the read timeout
      }
      {
        std::lock_guard<std::mutex> table_lock(table_mu);
        table.emplace(c->id, c);
      }
      Arm(*c, EPOLLIN, EPOLL_CTL_ADD);
    }
    ArmOnce(listen_fd, kListenId, EPOLL_CTL_MOD);
  }

  std::shared_ptr<Connection> Find(uint64_t id) {
    std::lock_guard<std::mutex> lock(table_mu);
    auto it = table.find(id);
    return it == table.end() ? nullptr : it->second;
  }

  // Hands the connection back to the epoll set, waiting for `events`.
  void Arm(Connection& c, uint32_t events, int op = EPOLL_CTL_MOD) {
    std::lock_guard<std::mutex> lock(c.mu);
    if (c.state == State::kClosed) return;
    c.state = State::kArmed;
    epoll_event ev{};
    ev.events = events | EPOLLONESHOT | EPOLLRDHUP;
    ev.data.u64 = c.id;
    if (epoll_ctl(epfd, op, c.fd, &ev) != 0) {
      c.state = State::kBusy;
      CloseLocked(c);
    }
  }

  void CloseSocket(Connection& c) {
    if (c.ssl != nullptr) {
      if (c.handshaken && !c.tls_failed && !c.lingering) {
        ERR_clear_error();
        SSL_shutdown(c.ssl);  // best effort, non-blocking
      }
      SSL_free(c.ssl);
      c.ssl = nullptr;
    }
    if (c.fd >= 0) ::close(c.fd);
    c.fd = -1;
  }

  // With c.mu held.
  void CloseLocked(Connection& c) {
    if (c.state == State::kClosed) return;
    c.state = State::kClosed;
    CloseSocket(c);
    {
      std::lock_guard<std::mutex> lock(table_mu);
      table.erase(c.id);
    }
    Uncount();
  }

  // A connection is gone: the last one while stopping ends Run.
  void Uncount() {
    if (open.fetch_sub(1) == 1 && stopping.load()) Finish();
  }

  void Close(Connection& c) {
    std::lock_guard<std::mutex> lock(c.mu);
    CloseLocked(c);
  }

  // Every worker returns from Run.
  void Finish() {
    if (done.exchange(true)) return;
    uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof one);
  }

  // Closes connections past their timeouts (and, when stopping, every idle one).
  void Sweep() {
    uint64_t expirations = 0;
    (void)!::read(timer_fd, &expirations, sizeof expirations);
    long long now = NowMillis();
    std::vector<std::shared_ptr<Connection>> all;
    {
      std::lock_guard<std::mutex> lock(table_mu);
      all.reserve(table.size());
      for (auto& [id, c] : table) all.push_back(c);
    }
    const bool stop = stopping.load();
    for (auto& c : all) {
      std::lock_guard<std::mutex> lock(c->mu);
      if (c->state != State::kArmed) continue;
      bool partial = c->partial.load();
      long long quiet = now - c->last_active.load();
      long long head_deadline = c->head_deadline.load();
      long long linger_deadline = c->linger_deadline.load();
      long long write_deadline = c->write_deadline.load();
      // Stopping: a connection between requests is closed, unless a request's
      // bytes are already waiting to be read (it is then served first).
      bool idle_at_stop = stop && !partial && !c->lingering && c->out.empty() && !BytesWaiting(*c);
      if (idle_at_stop || (linger_deadline != 0 && now > linger_deadline) ||
          (write_deadline != 0 && now > write_deadline) || quiet > (partial ? options.read_timeout_ms : options.idle_timeout_ms) ||
          (head_deadline != 0 && now > head_deadline)) {
        CloseLocked(*c);
      }
    }
    if (stop && open.load() == 0) Finish();
    ArmOnce(timer_fd, kTimerId, EPOLL_CTL_MOD);
  }

  static bool BytesWaiting(const Connection& c) {
    char byte;
    return ::recv(c.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

  // One worker's turn on a ready connection.
  void Turn(uint64_t id) {
    auto c = Find(id);
    if (c == nullptr) return;
    {
      std::lock_guard<std::mutex> lock(c->mu);
      if (c->state != State::kArmed) return;
      c->state = State::kBusy;
    }
    Next next = c->lingering ? Drain(*c) : Serve(*c);
    if (next == Next::kLinger) {
      if (c->ssl != nullptr) {
        ERR_clear_error();
        SSL_shutdown(c->ssl);
      }
      ::shutdown(c->fd, SHUT_WR);
      c->lingering = true;
      c->partial.store(false);
      c->head_deadline.store(0);
      c->linger_deadline.store(NowMillis() + kLingerMillis);
      next = Next::kWantRead;
    }
    if (next == Next::kClose) {
      Close(*c);
    } else {
      Arm(*c, next == Next::kWantWrite ? EPOLLOUT : EPOLLIN);
    }
  }

  // A lingering connection: discards what arrives until the client closes.
  Next Drain(Connection& c) {
    thread_local std::vector<char> sink(kReadChunk);
    for (size_t taken = 0; taken < kReadTurn;) {
      ssize_t n = ::recv(c.fd, sink.data(), sink.size(), 0);
      if (n > 0) {
        taken += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Next::kWantRead;
      return Next::kClose;
    }
    return Next::kWantRead;
  }

  // ---- reading and writing -----------------------------------------------------

  enum class Io { kData, kEof, kWantRead, kWantWrite, kError };

  Io ReadSome(Connection& c, char* buf, size_t size, size_t* got) {
    if (c.ssl != nullptr) {
      ERR_clear_error();
      size_t n = 0;
      if (SSL_read_ex(c.ssl, buf, size, &n) == 1) {
        *got = n;
        return Io::kData;
      }
      switch (SSL_get_error(c.ssl, 0)) {
        case SSL_ERROR_WANT_READ: return Io::kWantRead;
        case SSL_ERROR_WANT_WRITE: return Io::kWantWrite;
        case SSL_ERROR_ZERO_RETURN: return Io::kEof;
        default:
          c.tls_failed = true;
          return Io::kError;
      }
    }
    for (;;) {
      ssize_t n = ::recv(c.fd, buf, size, 0);
      if (n > 0) {
        *got = static_cast<size_t>(n);
        return Io::kData;
      }
      if (n == 0) return Io::kEof;
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? Io::kWantRead : Io::kError;
    }
  }

  enum class Flush { kDone, kWantWrite, kWantRead, kError };

  // Sends what waits in `out` without blocking: a client that does not read
  // its answers holds its own buffer, never a worker.
  Flush FlushOut(Connection& c) {
    while (c.out_pos < c.out.size()) {
      const char* data = c.out.data() + c.out_pos;
      size_t left = c.out.size() - c.out_pos;
      if (c.ssl != nullptr) {
        ERR_clear_error();
        size_t n = 0;
        if (SSL_write_ex(c.ssl, data, left, &n) == 1) {
          c.out_pos += n;
          continue;
        }
        int e = SSL_get_error(c.ssl, 0);
        if (e == SSL_ERROR_WANT_WRITE) return Flush::kWantWrite;
        if (e == SSL_ERROR_WANT_READ) return Flush::kWantRead;
        c.tls_failed = true;
        return Flush::kError;
      }
      ssize_t n = ::send(c.fd, data, left, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_pos += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Flush::kWantWrite;
      return Flush::kError;
    }
    c.out.clear();
    c.out_pos = 0;
    if (c.out.capacity() > kReadChunk) std::string().swap(c.out);
    c.write_deadline.store(0);
    return Flush::kDone;
  }

  // Queues `bytes` and sends what the socket takes now. nullopt when all is
  // sent; otherwise the turn ends with what the rest waits for (the timer
  // closes the connection past the write timeout).
  std::optional<Next> Send(Connection& c, std::string_view bytes, bool close) {
    c.out.append(bytes);
    Flush f = FlushOut(c);
    if (f == Flush::kError) return Next::kClose;
    c.last_active.store(NowMillis());
    if (f == Flush::kDone) return std::nullopt;
    c.close_after_write = close;
    if (c.write_deadline.load() == 0) c.write_deadline.store(NowMillis() + options.write_timeout_ms);
    return f == Flush::kWantRead ? Next::kWantRead : Next::kWantWrite;
  }

  // ---- one turn ----------------------------------------------------------------

  Next Serve(Connection& c) {
    if (c.ssl != nullptr && !c.handshaken) {
      ERR_clear_error();
      int r = SSL_accept(c.ssl);
      if (r != 1) {
        int e = SSL_get_error(c.ssl, r);
        if (e == SSL_ERROR_WANT_READ) return Next::kWantRead;
        if (e == SSL_ERROR_WANT_WRITE) return Next::kWantWrite;
        return Next::kClose;  // not TLS, or a failed handshake: nothing to answer
      }
      c.handshaken = true;
      c.partial.store(false);
      c.last_active.store(NowMillis());
    }
    // An answer left unsent: finish it before anything else.
    if (!c.out.empty()) {
      Flush f = FlushOut(c);
      if (f == Flush::kError) return Next::kClose;
      if (f == Flush::kWantWrite) return Next::kWantWrite;
      if (f == Flush::kWantRead) return Next::kWantRead;
      c.last_active.store(NowMillis());
      if (c.close_after_write) return Next::kLinger;
    }
    // Read what has arrived, up to one turn's worth.
    size_t taken = 0;
    bool eof = false;
    Next blocked = Next::kWantRead;
    const bool was_empty = c.in.empty() && !c.have_head;
    // Read through a buffer of the worker's, so that an idle connection holds no more than it received.
    thread_local std::vector<char> buffer(kReadChunk);
    while (taken < kReadTurn) {
      size_t got = 0;
      Io io = ReadSome(c, buffer.data(), buffer.size(), &got);
      if (io == Io::kData) {
        c.in.append(buffer.data(), got);
        taken += got;
        continue;
      }
      if (io == Io::kWantWrite) blocked = Next::kWantWrite;
      if (io == Io::kEof || io == Io::kError) eof = true;
      break;
    }
    if (taken > 0) {
      long long now = NowMillis();
      c.last_active.store(now);
      if (was_empty) c.head_deadline.store(now + options.read_timeout_ms);
    }
    // Serve every whole request received (pipelining), in order.
    for (;;) {
      if (c.in.empty() && !c.have_head) {
        c.partial.store(false);
        return eof || stopping.load() ? Next::kClose : blocked;
      }
      c.partial.store(true);
      std::optional<Next> step = Advance(c);
      if (!step.has_value()) continue;  // a request was answered; look for the next
      // Closing, or an answer waiting for the socket: the turn ends here.
      if (*step != Next::kWantRead || !c.out.empty()) return *step;
      // More bytes are needed.
      if (eof) return Next::kClose;
      return taken >= kReadTurn ? Next::kWantRead : blocked;
    }
  }

  // Moves the current request forward: nullopt once one was answered and the
  // connection can carry another; kClose; or kWantRead for more bytes.
  std::optional<Next> Advance(Connection& c) {
    if (!c.have_head) {
      size_t from = c.scanned >= 3 ? c.scanned - 3 : 0;
      size_t end = c.in.find("\r\n\r\n", from);
      if (end == std::string::npos) {
        c.scanned = c.in.size();
        if (c.in.size() > options.max_header_bytes) {
          size_t line = c.in.find("\r\n");
          return Refuse(c, line == std::string::npos && c.in.size() > options.max_target_bytes ? 414 : 431);
        }
        return Next::kWantRead;
      }
      c.scanned = 0;
      c.head_deadline.store(0);
      if (end + 4 > options.max_header_bytes) return Refuse(c, 431);
      int status = ParseHead(c, std::string_view(c.in).substr(0, end + 2));
      if (status != 0) return Refuse(c, status);
      c.head.length = end + 4;
      c.have_head = true;
      c.body.clear();
      c.chunk_pos = c.head.length;
      c.chunks_done = false;
      if (handlers.before_body) {
        httplib::Response res;
        bool answered = false;
        try {
          answered = handlers.before_body(c.request, res);
        } catch (...) {
          if (handlers.on_exception) handlers.on_exception();
          return Refuse(c, 500);
        }
        if (answered) return Answer(c, res, /*close=*/true);
      }
      // The head is parsed once per request: this runs at most once.
      if (c.head.expect_continue && !BodyComplete(c)) {
        if (auto sent = Send(c, "HTTP/1.1 100 Continue\r\n\r\n", /*close=*/false)) return *sent;
      }
    }
    if (c.head.chunked) {
      int status = DecodeChunks(c);
      if (status != 0) return Refuse(c, status);
      // Drop what is decoded (and the head, parsed already), so that the raw
      // bytes held never exceed the decoded body by more than a chunk.
      if (c.chunk_pos >= kReadChunk) {
        c.in.erase(0, c.chunk_pos);
        c.chunk_pos = 0;
      }
      if (!c.chunks_done) return Next::kWantRead;
      c.request.body = std::move(c.body);
      c.in.erase(0, c.chunk_pos);
    } else {
      size_t need = c.head.length + c.head.content_length;
      if (c.in.size() < need) return Next::kWantRead;
      if (c.in.size() == need) {
        c.in.erase(0, c.head.length);
        c.request.body = std::move(c.in);
        c.in.clear();
      } else {
        c.request.body.assign(c.in, c.head.length, c.head.content_length);
        c.in.erase(0, need);
      }
    }
    c.have_head = false;
    httplib::Response res;
    try {
      handlers.handle(c.request, res);
    } catch (...) {
      if (handlers.on_exception) handlers.on_exception();
      res = ErrorResponse(c, 500);
    }
    ++c.served;
    if (c.in.empty() && c.in.capacity() > kReadChunk) std::string().swap(c.in);
    // Bytes of the next request already here: its head is under the deadline from now.
    if (!c.in.empty()) c.head_deadline.store(NowMillis() + options.read_timeout_ms);
    bool close = !c.head.keep_alive || c.served >= options.keep_alive_max_requests || stopping.load();
    std::optional<Next> answered = Answer(c, res, close);
    c.request = httplib::Request();
    return answered;
  }

  bool BodyComplete(const Connection& c) const {
    if (c.head.chunked) return false;
    return c.in.size() >= c.head.length + c.head.content_length;
  }

  // Decodes whole chunks from `in` at chunk_pos into `body`: 0, or a status to refuse with.
  int DecodeChunks(Connection& c) {
    while (!c.chunks_done) {
      size_t line_end = c.in.find("\r\n", c.chunk_pos);
      if (line_end == std::string::npos) {
        return c.in.size() - c.chunk_pos > kMaxChunkLine ? 400 : 0;
      }
      if (line_end - c.chunk_pos > kMaxChunkLine) return 400;
      std::string_view line(c.in.data() + c.chunk_pos, line_end - c.chunk_pos);
      line = line.substr(0, line.find(';'));  // chunk extensions are ignored
      line = Trim(line);
      if (line.empty() || line.size() > 15) return 400;
      unsigned long long size = 0;
      for (char ch : line) {
        int v = HexValue(ch);
        if (v < 0) return 400;
        size = size * 16 + static_cast<unsigned>(v);
      }
      if (size == 0) {
        // The last chunk, then trailer fields (ignored) up to a blank line.
        size_t trailer = line_end + 2;
        if (c.in.compare(trailer, 2, "\r\n") == 0) {
          c.chunk_pos = trailer + 2;
          c.chunks_done = true;
          return 0;
        }
        size_t end = c.in.find("\r\n\r\n", trailer);
        if (end == std::string::npos) return c.in.size() - trailer > options.max_header_bytes ? 431 : 0;
        c.chunk_pos = end + 4;
        c.chunks_done = true;
        return 0;
      }
      if (c.body.size() + size > options.max_body_bytes) return 413;
      size_t data = line_end + 2;
      if (c.in.size() < data + size + 2) return 0;  // the chunk has not arrived whole
      if (c.in.compare(data + size, 2, "\r\n") != 0) return 400;
      c.body.append(c.in, data, size);
      c.chunk_pos = data + size + 2;
    }
    return 0;
  }

  // Parses the request line and headers (`text` ends with the last header's CRLF).
  // Returns 0, or the status to refuse with.
  int ParseHead(Connection& c, std::string_view text) {
    httplib::Request& req = c.request;
    req = httplib::Request();
    req.remote_addr = c.remote_addr;
    req.remote_port = c.remote_port;
    c.head = Head();
    size_t eol = text.find("\r\n");
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol + 2);
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) return 400;
    std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = line.substr(sp2 + 1);
    if (method.empty() || method.size() > 32) return 400;
    for (unsigned char ch : method) {
      if (!IsTokenChar(ch)) return 400;
    }
    req.method = std::string(method);
    if (target.size() > options.max_target_bytes) return 414;
    if (target.empty() || (target[0] != '/' && !(method == "OPTIONS" && target == "*"))) return 400;
    for (unsigned char ch : target) {
      if (ch <= 0x20 || ch == 0x7f) return 400;
    }
    if (version == "HTTP/1.1") {
      c.head.keep_alive = true;
    } else if (version == "HTTP/1.0") {
      c.head.keep_alive = false;
    } else {
      return StartsWith(version, "HTTP/") ? 505 : 400;
    }
    req.version = std::string(version);
    req.target = std::string(target);
    size_t q = target.find('?');
    req.path = PercentDecode(target.substr(0, q), false);
    if (q != std::string_view::npos) {
      for (std::string_view rest = target.substr(q + 1); !rest.empty();) {
        size_t amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        std::string key = PercentDecode(pair.substr(0, eq), true);
        std::string value = eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true);
        req.params.emplace(std::move(key), std::move(value));
      }
    }
    size_t count = 0;
    while (!text.empty()) {
      eol = text.find("\r\n");
      line = text.substr(0, eol);
      text.remove_prefix(eol + 2);
      if (++count > kMaxHeaders) return 431;
      size_t colon = line.find(':');
      if (colon == 0 || colon == std::string_view::npos) return 400;  // also obsolete line folding
      std::string_view name = line.substr(0, colon);
      for (unsigned char ch : name) {
        if (!IsTokenChar(ch)) return 400;
      }
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      for (unsigned char ch : value) {
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f) return 400;
      }
      req.headers.emplace(std::string(name), std::string(value));
    }
    // Framing of the body: one of Content-Length and chunked, never both.
    bool has_length = req.has_header("Content-Length");
    bool has_coding = req.has_header("Transfer-Encoding");
    if (has_length && has_coding) return 400;
    if (has_coding) {
      if (version != "HTTP/1.1" || req.get_header_value_count("Transfer-Encoding") != 1 ||
          AsciiLower(req.get_header_value("Transfer-Encoding")) != "chunked") {
        return 501;
      }
      c.head.chunked = true;
    } else if (has_length) {
      std::string first = req.get_header_value("Content-Length");
      size_t n = req.get_header_value_count("Content-Length");
      for (size_t i = 1; i < n; ++i) {
        if (req.get_header_value("Content-Length", i) != first) return 400;
      }
      if (first.empty() || first.size() > 18) return first.size() > 18 ? 413 : 400;
      unsigned long long length = 0;
      for (char ch : first) {
        if (ch < '0' || ch > '9') return 400;
        length = length * 10 + static_cast<unsigned>(ch - '0');
      }
      if (length > options.max_body_bytes) return 413;
      c.head.content_length = length;
    }
    // HTTP/1.1 requires exactly one Host (RFC 9112, section 3.2).
    if (version == "HTTP/1.1" && req.get_header_value_count("Host") != 1) return 400;
    std::string connection = req.get_header_value("Connection");
    if (HasToken(connection, "close")) c.head.keep_alive = false;
    if (version == "HTTP/1.0" && HasToken(connection, "keep-alive")) c.head.keep_alive = true;
    if (req.has_header("Expect")) {
      if (AsciiLower(req.get_header_value("Expect")) != "100-continue") return 417;
      c.head.expect_continue = version == "HTTP/1.1";
    }
    return 0;
  }

  // The answer the error handler makes for `status` (bare, should it throw).
  httplib::Response ErrorResponse(const Connection& c, int status) {
    httplib::Response res;
    res.status = status;
    try {
      if (handlers.error) handlers.error(c.request, res);
    } catch (...) {
      res = httplib::Response();
      res.status = status;
    }
    return res;
  }

  // Refuses the request being read with `status` and closes the connection.
  std::optional<Next> Refuse(Connection& c, int status) {
    httplib::Response res = ErrorResponse(c, status);
    return *Answer(c, res, /*close=*/true);
  }

  // Writes the answer; nullopt when the connection stays open for another
  // request, kLinger when it closes, kClose when the answer could not be sent,
  // kWantWrite (or kWantRead, TLS) when the socket has not taken it all yet.
  std::optional<Next> Answer(Connection& c, httplib::Response& res, bool close) {
    if (res.status <= 0) res.status = 500;
    if (HasToken(res.get_header_value("Connection"), "close")) close = true;
    const bool head_only = c.request.method == "HEAD";
    const bool bodiless = (res.status >= 100 && res.status < 200) || res.status == 204 || res.status == 304;
    std::string out;
    out.reserve(256 + res.headers.size() * 64);
    out += "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    out += ReasonPhrase(res.status);
    out += "\r\n";
    for (const auto& [name, value] : res.headers) {
      // Framing is this layer's: the handler's own framing headers are dropped.
      if (strcasecmp(name.c_str(), "Content-Length") == 0 || strcasecmp(name.c_str(), "Connection") == 0 ||
          strcasecmp(name.c_str(), "Transfer-Encoding") == 0) {
        continue;
      }
      out += name;
      out += ": ";
      out += value;
      out += "\r\n";
    }
    if (!bodiless) {
      out += "Content-Length: ";
      out += std::to_string(res.body.size());
      out += "\r\n";
    }
    if (close) {
      out += "Connection: close\r\n";
    } else if (c.request.version == "HTTP/1.0") {
      out += "Connection: keep-alive\r\n";
    }
    out += "\r\n";
    if (!bodiless && !head_only) out += res.body;
    if (auto pending = Send(c, out, close)) return *pending;
    if (close) return Next::kLinger;
    return std::nullopt;
  }
};

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpTransport::~HttpTransport() = default;

Result<std::unique_ptr<HttpTransport>> HttpTransport::Create(TransportOptions options, Handlers handlers) {
  if (options.threads < 1 || options.max_connections < 1) {
    return Status::InvalidArgument("at least one thread and one connection", "threads");
  }
  if (options.read_timeout_ms < 1 || options.write_timeout_ms < 1 || options.idle_timeout_ms < 1 ||
      options.keep_alive_max_requests < 1) {
    return Status::InvalidArgument("timeouts and requests per connection must be positive", "timeouts");
  }
  if (options.max_header_bytes < 1024 || options.max_target_bytes < 64 ||
      options.max_target_bytes > options.max_header_bytes) {
    return Status::InvalidArgument("heads of at least 1 KiB, targets of at least 64 bytes and within the head",
                                   "max_header_bytes");
  }
  if (!handlers.handle) return Status::InvalidArgument("a request handler is required", "handle");
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Status::InvalidArgument("TLS needs both a certificate and a key", "tls_cert");
  }
  // A peer that closes early must not kill the process (TLS writes go through write(2)).
  signal(SIGPIPE, SIG_IGN);
  // Keep clear of the descriptor limit: a connection beyond it is closed at once.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur > 128) {
    options.max_connections = std::min<int>(options.max_connections, static_cast<int>(files.rlim_cur) - 64);
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->handlers = std::move(handlers);
  DISRUPT_RETURN_IF_ERROR(impl->Init());
  return std::unique_ptr<HttpTransport>(new HttpTransport(std::move(impl)));
}

Result<int> HttpTransport::Bind(const std::string& address, int port) { return impl_->Bind(address, port); }

Status HttpTransport::Run() {
  {
    std::lock_guard<std::mutex> lock(impl_->listen_mu);
    if (impl_->listen_fd < 0 && !impl_->stopping.load()) return Status::FailedPrecondition("Bind() first");
  }
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(impl_->options.threads));
  for (int i = 0; i < impl_->options.threads; ++i) workers.emplace_back([this] { impl_->Worker(); });
  for (auto& w : workers) w.join();
  return Status::Ok();
}

void HttpTransport::Stop() {
  if (impl_->stopping.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(impl_->listen_mu);
    if (impl_->listen_fd >= 0) {
      epoll_ctl(impl_->epfd, EPOLL_CTL_DEL, impl_->listen_fd, nullptr);
      ::close(impl_->listen_fd);
      impl_->listen_fd = -1;
    }
  }
  // Sweep now: idle connections close, and Run returns once none is left.
  impl_->StartTimer(1);
}

int HttpTransport::open_connections() const { return impl_->open.load(); }

}  // namespace disrupt::server
