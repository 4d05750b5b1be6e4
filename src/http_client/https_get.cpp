// https_get: each step of the exchange is an asynchronous Beast operation run on a private
// io_context until it completes or the one deadline passes, so that no step — the name lookup
// included, which a stream's own timer does not cover — can outlast the timeout.
#include "http_client/https_get.hpp"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "restjwt/version.hpp"

namespace restjwt::detail {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Url {
  bool https = true;
  std::string host;  // without the brackets of an IPv6 literal
  std::string port;
  std::string host_header;
  std::string target;
};

Expected<Url, std::string> parse_url(const std::string& text, bool allow_http) {
  Url url;
  std::string_view rest(text);
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://") && allow_http) {
    url.https = false;
    rest.remove_prefix(7);
  } else {
    return unexpected("\"" + text + "\" is not an https:// URL");
  }
  const auto authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? "/" : rest.substr(authority_end);
  target = target.substr(0, target.find('#'));
  url.target =
      target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return unexpected("\"" + text + "\": expected a host (and no user name or password)");
  }
  url.host_header = std::string(authority);
  std::string_view host = authority;
  std::string_view port;
  if (host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return unexpected("\"" + text + "\": bad IPv6 address");
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon);
    host = host.substr(0, colon);
  }
  if (!port.empty() && (port.size() < 2 || port.front() != ':')) {
    return unexpected("\"" + text + "\": bad port");
  }
  url.host = std::string(host);
  url.port = port.empty() ? (url.https ? "443" : "80") : std::string(port.substr(1));
  return url;
}

class Exchange {
 public:
  explicit Exchange(std::chrono::milliseconds timeout)
      : timeout_(timeout), deadline_(Clock::now() + timeout) {}

  net::io_context& io() { return io_; }
  Clock::time_point deadline() const { return deadline_; }

  // Starts one operation with a handler that records its error code, runs it to its end or the
  // deadline, and on the deadline cancels it (and lets its handler run before returning).
  template <typename Start, typename Cancel>
  beast::error_code step(Start start, Cancel cancel) {
    std::optional<beast::error_code> result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    io_.restart();
    io_.run_until(deadline_);
    if (result) return *result;
    cancel();
    io_.restart();
    io_.run();
    return net::error::timed_out;
  }

  std::string describe(const beast::error_code& ec, std::string_view during) const {
    if (ec == net::error::timed_out || ec == beast::error::timeout) {
      return "timed out after " + std::to_string(timeout_.count()) + " ms (" + std::string(during) +
             ")";
    }
    return std::string(during) + ": " + ec.message();
  }

 private:
  std::chrono::milliseconds timeout_;
  Clock::time_point deadline_;
  net::io_context io_;
};

// Certificates checked against the CA file or the system's (set on the context before any stream
// is made of it).
Expected<void, std::string> trust(ssl::context& context, const std::string& ca_file) {
  beast::error_code ec;
  context.set_verify_mode(ssl::verify_peer);
  if (ca_file.empty()) {
    context.set_default_verify_paths(ec);
  } else {
    context.load_verify_file(ca_file, ec);
  }
  if (ec) return unexpected("cannot load the CA certificates: " + ec.message());
  return {};
}

// The name in the URL checked against the certificate (an IP address against its IP addresses),
// and sent as SNI.
Expected<void, std::string> expect_name(SSL* ssl_handle, const Url& url) {
  beast::error_code not_ip;
  (void)net::ip::make_address(url.host, not_ip);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
  // SSL_set_tlsext_host_name() spelled out: the macro casts in C style.
  const bool set =
      not_ip ? SSL_ctrl(ssl_handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                        const_cast<char*>(url.host.c_str())) == 1 &&
                   X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), 0) == 1
             : X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str()) == 1;
  if (!set) return unexpected(std::string("cannot set up TLS for that host"));
  return {};
}

template <typename Stream>
Expected<std::string, std::string> exchange(Exchange& x, Stream& stream, const Url& url,
                                            const HttpGetOptions& options) {
  auto& socket = beast::get_lowest_layer(stream);
  tcp::resolver resolver(x.io());
  tcp::resolver::results_type endpoints;
  const auto close = [&socket] { socket.close(); };
  auto ec = x.step(
      [&](auto handler) {
        resolver.async_resolve(
            url.host, url.port,
            [&endpoints, handler](beast::error_code e, tcp::resolver::results_type found) mutable {
              endpoints = std::move(found);
              handler(e);
            });
      },
      [&resolver] { resolver.cancel(); });
  if (ec) return unexpected(x.describe(ec, "looking up " + url.host));
  socket.expires_at(x.deadline());
  ec = x.step([&](auto handler) { socket.async_connect(endpoints, handler); }, close);
  if (ec) return unexpected(x.describe(ec, "connecting to " + url.host_header));
  if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
    ec = x.step([&](auto handler) { stream.async_handshake(ssl::stream_base::client, handler); },
                close);
    if (ec) return unexpected(x.describe(ec, "TLS with " + url.host_header));
  }
  http::request<http::empty_body> request{http::verb::get, url.target, 11};
  request.set(http::field::host, url.host_header);
  request.set(http::field::user_agent, "restjwt/" + std::string(version()));
  request.set(http::field::accept, "application/jwk-set+json, application/json");
  ec = x.step([&](auto handler) { http::async_write(stream, request, handler); }, close);
  if (ec) return unexpected(x.describe(ec, "sending the request"));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(options.max_bytes);
  ec = x.step([&](auto handler) { http::async_read(stream, buffer, parser, handler); }, close);
  if (ec == http::error::body_limit) {
    return unexpected("the answer is larger than " + std::to_string(options.max_bytes) + " bytes");
  }
  if (ec) return unexpected(x.describe(ec, "reading the answer"));
  close();
  const auto& response = parser.get();
  const unsigned status = response.result_int();
  if (status >= 300 && status < 400) {
    return unexpected("a redirect (" + std::to_string(status) + " to \"" +
                      std::string(response[http::field::location]) + "\") is not followed");
  }
  if (status != 200) return unexpected("the answer is " + std::to_string(status) + ", not 200");
  return response.body();
}

}  // namespace

Expected<std::string, std::string> https_get(const HttpGetOptions& options) {
  auto url = parse_url(options.url, options.allow_http);
  if (!url) return unexpected(std::move(url).error());
  Exchange x(options.timeout);
  if (!url->https) {
    beast::tcp_stream stream(x.io());
    return exchange(x, stream, *url, options);
  }
  ssl::context context(ssl::context::tls_client);
  if (auto trusted = trust(context, options.ca_file); !trusted) {
    return unexpected(std::move(trusted).error());
  }
  beast::ssl_stream<beast::tcp_stream> stream(x.io(), context);
  if (auto named = expect_name(stream.native_handle(), *url); !named) {
    return unexpected(std::move(named).error());
  }
  return exchange(x, stream, *url, options);
}

}  // namespace restjwt::detail
