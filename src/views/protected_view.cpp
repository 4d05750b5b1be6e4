// DRF's APIView.dispatch for a view with JSONWebTokenAuthentication and IsAuthenticated.
#include "restjwt/protected_view.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "restjwt/responses.hpp"
#include "views/metadata.hpp"

namespace restjwt {
namespace {

// Django's View.http_method_names order, which DRF's Allow header follows.
constexpr std::array<std::string_view, 7> kMethodOrder{"GET",    "POST", "PUT",    "PATCH",
                                                       "DELETE", "HEAD", "OPTIONS"};

std::string allow_for(const std::vector<std::string>& methods) {
  const auto has = [&](std::string_view m) {
    return std::find(methods.begin(), methods.end(), m) != methods.end();
  };
  std::string allow;
  for (const std::string_view method : kMethodOrder) {
    const bool handled = has(method) || (method == "HEAD" && has("GET")) || method == "OPTIONS";
    if (!handled) continue;
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  return allow;
}

}  // namespace

ProtectedView::ProtectedView(std::shared_ptr<const JwtAuthenticator> authenticator,
                             ProtectedViewOptions options)
    : authenticator_(std::move(authenticator)),
      options_(std::move(options)),
      allow_(allow_for(options_.methods)),
      metadata_(detail::view_metadata(options_.name, options_.description)) {}

RequestCost ProtectedView::cost(const HttpRequest&) const {
  // Authentication runs first, whatever the method: one user read.
  return authenticator_->checker().user_reads_are_local() ? RequestCost::kInline
                                                          : RequestCost::kDatabase;
}

bool ProtectedView::handles(std::string_view method) const {
  // Django dispatches on request.method.lower(): "get" is GET.
  const auto same = [&](const std::string& m) { return iequals(m, method); };
  return std::any_of(options_.methods.begin(), options_.methods.end(), same) ||
         (iequals(method, "HEAD") && handles("GET"));
}

HttpResponse ProtectedView::handle(const HttpRequest& request) const {
  const AuthenticationResult result = authenticator_->authenticate(request);
  if (!result.authenticated()) return authenticator_->challenge(result, allow_);
  if (const auto reason = authenticator_->csrf_failure(request, result)) {
    return detail_response(403, "CSRF Failed: " + *reason, allow_);
  }
  if (iequals(request.method, "OPTIONS")) return json_response(200, metadata_, allow_);
  if (!handles(request.method)) return method_not_allowed(request.method, allow_);
  return respond(request, *result.user);
}

}  // namespace restjwt
