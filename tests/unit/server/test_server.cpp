#include "unit/server/test_server.hpp"

#include <charconv>
#include <stdexcept>

namespace restjwt::test {
namespace {

int query_ms(std::string_view target) {
  const auto at = target.find("ms=");
  int ms = 0;
  if (at != std::string_view::npos) {
    std::from_chars(target.data() + at + 3, target.data() + target.size(), ms);
  }
  return ms;
}

HttpResponse json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"}};
  response.body = std::move(body);
  return response;
}

}  // namespace

void Gate::open() {
  {
    const std::lock_guard lock(mutex_);
    open_ = true;
  }
  opened_.notify_all();
}

void Gate::wait() {
  std::unique_lock lock(mutex_);
  opened_.wait(lock, [this] { return open_; });
}

Route TestApplication::route(const HttpRequest& request) const {
  Route route;
  route.outcome = Route::Outcome::kView;
  if (request.path().starts_with("/hash/")) route.cost = RequestCost::kPasswordHash;
  if (request.path().starts_with("/db/")) route.cost = RequestCost::kDatabase;
  return route;
}

HttpResponse TestApplication::handle(const HttpRequest& request, const Route&) const {
  ++handled;
  const std::string_view path = request.path();
  {
    const std::lock_guard lock(thread_mutex);
    (path.starts_with("/db/") ? db_thread : inline_thread) = std::this_thread::get_id();
  }
  if (path == "/hash/gated") {
    ++gated_started;
    gate.wait();
  }
  if (path.ends_with("/sleep")) {
    std::this_thread::sleep_for(std::chrono::milliseconds(query_ms(request.target)));
  }
  if (path == "/throw") throw std::runtime_error("test failure");
  if (path == "/head") return json(200, std::string(42, 'x'));
  HttpResponse response = json(200, request.method + " " + request.target + "\n" + request.body);
  response.headers.emplace_back("X-Client", request.client_address);
  response.headers.emplace_back("X-Header-Count", std::to_string(request.headers.size()));
  return response;
}

HttpResponse TestApplication::unavailable(const HttpRequest&, const Route&) const {
  return json(503, R"({"detail":"Service temporarily unavailable, try again later."})");
}

ServerOptions test_options() {
  ServerOptions options;
  options.bind = BindAddress{"127.0.0.1", 0};
  options.io_threads = 2;
  options.hash_threads = 1;
  options.hash_queue = 1;
  options.db_threads = 2;
  options.limits.max_header_bytes = 2048;
  options.limits.max_body_bytes = 1024;
  options.limits.first_byte_timeout = 400ms;
  options.limits.header_timeout = 400ms;
  options.limits.body_timeout = 400ms;
  options.limits.idle_timeout = 400ms;
  options.limits.write_timeout = 1000ms;
  options.limits.max_connections = 16;
  options.limits.shutdown_timeout = 2000ms;
  return options;
}

void ServerTest::TearDown() {
  app_.gate.open();  // never leave a pool thread blocked
  server_.reset();
}

std::uint16_t ServerTest::start(const ServerOptions& options) {
  auto server = Server::start(options, app_);
  EXPECT_TRUE(server.has_value()) << (server ? "" : server.error());
  if (!server) return 0;
  server_ = std::move(server).value();
  port_ = server_->local_address().port;
  return port_;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

}  // namespace restjwt::test
