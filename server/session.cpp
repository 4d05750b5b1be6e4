// One HTTP/1.1 connection: read a request, have the handler route and answer it (on this
// connection's I/O thread or on a worker pool), write the response, repeat. The only TU with
// Beast's stream and parser.
#include "session.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "beast_message.hpp"
#include "obs_fold.hpp"
#include "server_responses.hpp"

namespace restjwt::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kReadChunkBytes = 4096;
constexpr std::size_t kFirstReadBytes = 1024;
// After an error response, what the client still sends is read and dropped for a while, so
// that closing does not reset the connection and destroy the response before it is read.
constexpr std::chrono::seconds kLingerTime{2};
// While the server stops, a client that keeps its end open must not hold the exit up for long.
constexpr std::chrono::milliseconds kStoppingLingerTime{250};
constexpr std::size_t kLingerMaxBytes = std::size_t{256} * 1024;

// Beast reports a broken request with http::error codes; end_of_stream and partial_message only
// mean that the client left.
bool is_malformed(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

std::string client_address_of(const tcp::socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "-";
  const auto address = endpoint.address();
  // A dual-stack [::] listener sees IPv4 clients as ::ffff:a.b.c.d; log and throttle them as IPv4.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

// Never lets an exception out of the handler reach the I/O loop: 500, logged with its cause.
HttpResponse handle_safely(const RequestHandler& handler, const HttpRequest& request,
                           const Route& route, ServerEvents& events) {
  std::string cause;
  try {
    return handler.handle(request, route);
  } catch (const std::exception& e) {
    cause = e.what();
  } catch (...) {
    cause = "an exception that is not a std::exception";
  }
  events.log(LogLevel::kError, "500 for " + escape_log_field(request.method) + " " +
                                   escape_log_field(request.path()) +
                                   ": unhandled exception: " + cause);
  return server_error_response(ErrorCode::kInternal);
}

bool is_request_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

// 16 hex digits, unique enough to find one request in the logs: a per-thread random start and
// a counter (no system call per request).
std::string make_request_id() {
  thread_local std::uint64_t next = [] {
    std::random_device random;
    return (std::uint64_t{random()} << 32U) ^ random();
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t id = next++ * 0x9E3779B97F4A7C15ULL;  // spread consecutive ids over all digits
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i, id >>= 4U) text[static_cast<std::size_t>(i)] = kHex[id & 15U];
  return text;
}

class Session final : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerContext& context)
      : client_(client_address_of(socket)), stream_(std::move(socket)), context_(context) {}

  ~Session() override {
    if (id_) context_.registry.remove(*id_);
    context_.events.connection_closed();
  }

  void start() {
    context_.events.connection_opened();
    id_ = context_.registry.add(weak_from_this());
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->id_) {
        self->wait_for_request();
      } else {
        self->close();  // accepted while the server was stopping
      }
    });
  }

  Waiting waiting() const override { return waiting_.load(std::memory_order_relaxed); }

  void evict_if_idle() override {
    // No longer a candidate: the next accept at the cap must choose another victim, not this
    // one again before its strand has run the cancel.
    waiting_.store(Waiting::kNo, std::memory_order_relaxed);
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kIdle) self->stream_.cancel();
    });
  }

  void on_server_stop() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (self->state_ == State::kIdle) self->stream_.cancel();
      if (self->state_ == State::kPaused && self->pause_timer_) self->pause_timer_->cancel();
      if (self->state_ == State::kClosing) self->stream_.expires_after(kStoppingLingerTime);
    });
  }

 private:
  enum class State : std::uint8_t { kIdle, kPaused, kReading, kHandling, kWriting, kClosing };

  const ServerLimits& limits() const { return context_.options.limits; }

  // Waits for the first byte of a request apart from the header read, so that the idle
  // keep-alive timeout and the header timeout are separate, and stop() can tell an idle
  // connection (closed at once) from one with a request in progress (finished first).
  void wait_for_request() {
    state_ = State::kIdle;
    if (stopping_) return close();
    if (buffer_.size() > 0) return read_header(true);  // the next pipelined request is here
    // An idle connection holds no heap buffer: the first bytes of the next request land in the
    // session itself (thousands of idle keep-alive clients must stay cheap).
    buffer_.shrink_to_fit();
    request_ = HttpRequest{};
    // A new connection has first_byte_timeout to start its request: a silent socket is let go
    // early, and its header_timeout still runs from the accept.
    stream_.expires_after(first_request_ ? limits().first_byte_timeout : limits().idle_timeout);
    waiting_ = first_request_ ? Waiting::kForFirstRequest : Waiting::kBetweenRequests;
    stream_.async_read_some(net::buffer(first_bytes_), [self = shared_from_this()](
                                                           beast::error_code ec, std::size_t n) {
      self->waiting_ = Waiting::kNo;
      if (ec) return self->close();  // left, idle too long, evicted or stopping
      net::buffer_copy(self->buffer_.prepare(n), net::buffer(self->first_bytes_, n));
      self->buffer_.commit(n);
      if (self->first_request_)
        self->stream_.expires_at(self->accepted_ + self->limits().header_timeout);
      self->read_header(!self->first_request_);
    });
  }

  void read_header(bool restart_timer) {
    state_ = State::kReading;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits().max_header_bytes));
    parser_->body_limit(limits().max_body_bytes);
    fold_ = ObsFoldDetector{};
    scanned_ = 0;
    if (restart_timer) stream_.expires_after(limits().header_timeout);
    parse_header();
  }

  // http::async_read_header, with every byte of the header block seen by ObsFoldDetector before
  // Beast's parser (which would unfold it) gets it.
  void parse_header() {
    while (buffer_.size() > scanned_) {
      const auto data = buffer_.data();
      const std::string_view bytes(static_cast<const char*>(data.data()), data.size());
      if (fold_.feed(bytes.substr(scanned_)) == ObsFoldDetector::Verdict::kFolded) {
        return reject(ErrorCode::kRequestMalformed);
      }
      scanned_ = bytes.size();
      beast::error_code ec;
      const std::size_t used = parser_->put(data, ec);
      buffer_.consume(used);
      scanned_ -= used;
      if (ec && ec != http::error::need_more) return on_header(ec);
      if (parser_->is_header_done()) return on_header({});
      if (used == 0) break;  // Beast wants more bytes than there are
    }
    stream_.async_read_some(
        buffer_.prepare(kReadChunkBytes),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          if (ec) {
            // The client left or timed out, with or without part of a request: nothing to answer.
            return self->on_header(
                ec == net::error::eof ? beast::error_code(http::error::end_of_stream) : ec);
          }
          self->buffer_.commit(n);
          self->parse_header();
        });
  }

  void on_header(beast::error_code ec) {
    if (ec == http::error::header_limit) return reject(ErrorCode::kHeaderTooLarge);
    // Beast checks Content-Length against body_limit when the headers end: 413 before the body.
    if (ec == http::error::body_limit) return reject(ErrorCode::kBodyTooLarge);
    if (is_malformed(ec)) return reject(ErrorCode::kRequestMalformed);
    if (ec) return close();  // timeout (slow loris), reset, or gone before the headers ended
    started_ = SteadyClock::now();
    first_request_ = false;
    const auto& header = parser_->get();
    if (has_ambiguous_framing(header)) return reject(ErrorCode::kRequestMalformed);
    // HTTP/1.1 requires exactly one Host (RFC 9112 §3.2): two could be read differently by a
    // proxy and by us.
    if (header.version() >= 11 && header.count(http::field::host) != 1) {
      return reject(ErrorCode::kRequestMalformed);
    }
    if (parser_->is_done()) return dispatch();
    if (header.version() == 11 && beast::iequals(header[http::field::expect], "100-continue")) {
      return send_continue();
    }
    read_body();
  }

  // curl and others wait for this before sending a body over 1 KiB.
  void send_continue() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(limits().write_timeout);
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->read_body();
                     });
  }

  void read_body() {
    stream_.expires_after(limits().body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec == http::error::body_limit) {
                         return self->reject(ErrorCode::kBodyTooLarge);
                       }
                       if (is_malformed(ec)) return self->reject(ErrorCode::kRequestMalformed);
                       if (ec) return self->close();
                       self->dispatch();
                     });
  }

  void dispatch() {
    state_ = State::kHandling;
    stream_.expires_never();  // the Application's time is not the client's
    const auto& message = parser_->get();
    // HTTP/1.0 has no chunked coding: after such a request nothing on the connection can be
    // trusted to frame the next one, so it is closed.
    const bool chunked_1_0 = message.version() < 11 && message.chunked();
    framing_ = {message.method() == http::verb::head, message.version(),
                message.keep_alive() && !chunked_1_0};
    request_ = to_http_request(parser_->release(), client_);
    parser_.reset();
    take_request_id();
    try {
      route_ = context_.handler.route(request_);
    } catch (...) {
      route_ = Route{};  // routing is cheap and should not throw; handle() then reports it
    }
    switch (route_.cost) {
      case RequestCost::kInline:
        return respond(handle_safely(context_.handler, request_, route_, context_.events));
      case RequestCost::kDatabase:
        return submit(context_.db_pool);
      case RequestCost::kPasswordHash:
        return submit(context_.hash_pool);
    }
  }

  void submit(WorkerPool& pool) {
    // request_ and route_ are not touched on the I/O thread until the job posts its response back.
    const auto submitted = pool.try_submit([self = shared_from_this()] {
      HttpResponse response = handle_safely(self->context_.handler, self->request_, self->route_,
                                            self->context_.events);
      net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->respond(std::move(response));
      });
    });
    if (submitted == WorkerPool::Submitted::kQueued) return;
    context_.events.queue_full(pool.name());
    if (submitted == WorkerPool::Submitted::kFirstRefusal) {
      // Once per overload episode: a flood would otherwise write a line per refused request.
      context_.events.log(LogLevel::kWarning, "503: the " + pool.name() + " queue is full (" +
                                                  std::to_string(pool.queued()) +
                                                  " waiting); answering 503 until it drains");
    }
    pause_after_response_ = true;  // the pool is full: read this client's next request later
    respond(context_.handler.unavailable(request_, route_));
  }

  // A request the server answers itself, then closes: its framing cannot be trusted.
  void reject(ErrorCode code) {
    HttpResponse response = server_error_response(code);
    request_ = HttpRequest{};
    if (parser_ && parser_->is_header_done()) {
      request_.method = std::string(parser_->get().method_string());
      request_.target = std::string(parser_->get().target());
    }
    parser_.reset();
    route_ = Route{};
    request_id_.clear();
    take_request_id();
    started_ = SteadyClock::now();
    framing_ = {false, 11, false};
    respond(std::move(response));
  }

  // The client's (or its proxy's) id when it sent a plausible one, else a new one.
  void take_request_id() {
    const std::string& header = context_.options.request_id_header;
    if (header.empty()) return;
    const std::string_view sent = request_.header(header);
    const bool plausible = !sent.empty() && sent.size() <= 128 &&
                           std::all_of(sent.begin(), sent.end(), is_request_id_char);
    request_id_ = plausible ? std::string(sent) : make_request_id();
  }

  void respond(HttpResponse response) {
    state_ = State::kWriting;
    const bool close_after =
        !framing_.keep_alive || stopping_ || context_.draining.load(std::memory_order_relaxed);
    framing_.keep_alive = !close_after;
    status_ = response.status;
    if (!request_id_.empty()) {
      response.headers.emplace_back(context_.options.request_id_header, request_id_);
    }
    std::string dropped;
    wire_ = serialize_response(std::move(response), framing_, &dropped);
    if (!dropped.empty()) {
      context_.events.log(LogLevel::kError, "response header \"" + escape_log_field(dropped) +
                                                "\" dropped: its name or value holds CR, LF or "
                                                "NUL");
    }
    stream_.expires_after(limits().write_timeout);
    net::async_write(stream_, net::buffer(wire_),
                     [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                       self->on_written(ec, close_after);
                     });
  }

  void on_written(beast::error_code ec, bool close_after) {
    const auto& proxies = context_.options.trusted_proxies;
    const std::string forwarded = proxies.empty() ? std::string() : client_of(request_, proxies);
    context_.events.request_done(
        {request_.method.empty() ? std::string_view("-") : request_.method, request_.target,
         route_.path, status_,
         std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started_),
         proxies.empty() ? std::string_view(client_) : std::string_view(forwarded), request_id_,
         wire_.size(), !ec});
    std::string().swap(wire_);  // an idle connection keeps no response bytes
    if (ec) return close();
    if (close_after) return linger();
    if (std::exchange(pause_after_response_, false) && limits().busy_pause.count() > 0) {
      return pause();
    }
    wait_for_request();
  }

  // Back-pressure after a 503 for a full pool (ServerLimits::busy_pause): the connection sits
  // still, pipelined requests included, then goes back to reading. The timer exists only while
  // a connection pauses, so idle connections stay small.
  void pause() {
    state_ = State::kPaused;
    pause_timer_ = std::make_unique<net::steady_timer>(stream_.get_executor(), limits().busy_pause);
    pause_timer_->async_wait([self = shared_from_this()](beast::error_code) {
      self->pause_timer_.reset();
      self->wait_for_request();  // closes instead when the server is stopping
    });
  }

  void linger() {
    state_ = State::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    stream_.expires_after(stopping_ ? std::chrono::milliseconds(kStoppingLingerTime)
                                    : std::chrono::milliseconds(kLingerTime));
    drain();
  }

  void drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kReadChunkBytes),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ > kLingerMaxBytes) return self->close();
                              self->drain();
                            });
  }

  void close() {
    state_ = State::kClosing;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  const std::string client_;
  beast::tcp_stream stream_;
  ServerContext& context_;
  std::optional<std::uint64_t> id_;
  beast::flat_buffer buffer_;
  // A typical token request fits (one read); a longer one continues into buffer_.
  std::array<char, kFirstReadBytes> first_bytes_{};
  std::optional<http::request_parser<http::string_body>> parser_;
  ObsFoldDetector fold_;
  std::size_t scanned_ = 0;  // bytes at the front of buffer_ that fold_ has seen
  HttpRequest request_;
  Route route_;
  std::string request_id_;
  ResponseFraming framing_;
  std::string wire_;  // the response being written
  SteadyClock::time_point started_;
  int status_ = 0;
  std::size_t lingered_ = 0;
  std::unique_ptr<net::steady_timer> pause_timer_;  // only while State::kPaused
  bool pause_after_response_ = false;
  State state_ = State::kIdle;
  bool first_request_ = true;
  // Read by the acceptor (evict_one_idle). A new connection has sent nothing yet.
  std::atomic<Waiting> waiting_{Waiting::kForFirstRequest};
  const SteadyClock::time_point accepted_ = SteadyClock::now();
  bool stopping_ = false;
};

}  // namespace

void start_session(tcp::socket socket, ServerContext& context) {
  std::make_shared<Session>(std::move(socket), context)->start();
}

}  // namespace restjwt::detail
