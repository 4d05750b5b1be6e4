#include "service/probes.hpp"

#include "restjwt/responses.hpp"
#include "views/responses.hpp"

namespace restjwt::detail {
namespace {

constexpr std::string_view kProbeAllow = "GET, HEAD";

// A plain answer with the security headers, never cached (a probe must see the present).
HttpResponse probe_answer(int status, std::string_view content_type, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", std::string(content_type));
  response.headers.emplace_back("Cache-Control", "no-store");
  add_security_headers(response.headers);
  response.body = std::move(body);
  return response;
}

class ProbeView : public View {
 public:
  std::string_view allow() const final { return kProbeAllow; }
  RequestCost cost(const HttpRequest&) const final { return RequestCost::kInline; }
  bool negotiated() const final { return false; }
  HttpResponse handle(const HttpRequest& request) const final {
    if (!iequals(request.method, "GET") && !iequals(request.method, "HEAD")) {
      return method_not_allowed(request.method, kProbeAllow);
    }
    return answer();
  }

 private:
  virtual HttpResponse answer() const = 0;
};

class HealthView final : public ProbeView {
  HttpResponse answer() const override {
    return probe_answer(200, "application/json", R"({"status":"ok"})");
  }
};

class ReadyView final : public ProbeView {
 public:
  explicit ReadyView(Readiness readiness) : readiness_(std::move(readiness)) {}

 private:
  HttpResponse answer() const override {
    const auto problem = readiness_();
    if (!problem) return probe_answer(200, "application/json", R"({"status":"ready"})");
    return probe_answer(503, "application/json",
                        R"({"status":"unavailable","reason":)" + json_string(*problem) + "}");
  }
  Readiness readiness_;
};

class MetricsView final : public ProbeView {
 public:
  explicit MetricsView(std::function<std::string()> render) : render_(std::move(render)) {}

 private:
  HttpResponse answer() const override {
    return probe_answer(200, "text/plain; version=0.0.4; charset=utf-8", render_());
  }
  std::function<std::string()> render_;
};

}  // namespace

DatabaseMonitor::DatabaseMonitor(UserStore& store, std::chrono::milliseconds interval,
                                 std::chrono::milliseconds timeout)
    : store_(store), interval_(interval), timeout_(timeout), thread_([this] { run(); }) {}

DatabaseMonitor::~DatabaseMonitor() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();  // a ping in progress ends within the store's own timeouts
}

std::optional<std::string> DatabaseMonitor::problem() const {
  const std::lock_guard lock(mutex_);
  if (ping_started_ && std::chrono::steady_clock::now() - *ping_started_ > timeout_) {
    return "database: no answer within " + std::to_string(timeout_.count()) + " ms";
  }
  return problem_;
}

void DatabaseMonitor::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    ping_started_ = std::chrono::steady_clock::now();
    lock.unlock();
    const auto answered = store_.ping();
    lock.lock();
    ping_started_.reset();
    problem_ = answered ? std::nullopt
                        : std::optional<std::string>("database: " + answered.error().message);
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

std::shared_ptr<const View> make_health_view() { return std::make_shared<HealthView>(); }

std::shared_ptr<const View> make_ready_view(Readiness readiness) {
  return std::make_shared<ReadyView>(std::move(readiness));
}

std::shared_ptr<const View> make_metrics_view(std::function<std::string()> render) {
  return std::make_shared<MetricsView>(std::move(render));
}

}  // namespace restjwt::detail
