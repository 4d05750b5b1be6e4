// ProtectedView: a route behind drf-jwt's JSONWebTokenAuthentication and DRF's IsAuthenticated,
// answering exactly as restjwt's own /api/user/ does. Derive from it and write respond():
//
//   class HelloView final : public restjwt::ProtectedView {
//    public:
//     explicit HelloView(std::shared_ptr<const restjwt::JwtAuthenticator> auth)
//         : ProtectedView(std::move(auth), {"Hello", "Greets the user.", {"GET"}}) {}
//    private:
//     restjwt::HttpResponse respond(const restjwt::HttpRequest&,
//                                   const restjwt::User& user) const override {
//       return restjwt::json_response(200, restjwt::render_json({{"hello", user.username}}),
//                                     allow());
//     }
//   };
//   app->add_route("/api/hello/", std::make_shared<HelloView>(app->authenticator()));
//
// The cycle, in DRF's order: authentication first (401 with WWW-Authenticate; an unauthenticated
// PUT is 401, an authenticated one 405), then the CSRF check of a request authenticated by the
// cookie alone (403), then OPTIONS (DRF's metadata, 200), then a method the view does not handle
// (405), then respond(). HEAD is answered as GET when the view handles GET (Django's View). The
// answers carry DRF's headers (responses.hpp) and Allow.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "restjwt/authenticator.hpp"
#include "restjwt/view.hpp"

namespace restjwt {

struct ProtectedViewOptions {
  std::string name;         // DRF's view name in the OPTIONS metadata, e.g. "User"
  std::string description;  // the view's docstring, in the OPTIONS metadata
  // The methods respond() handles, upper-case: any of GET, POST, PUT, PATCH, DELETE. GET brings
  // HEAD; OPTIONS is always answered.
  std::vector<std::string> methods{"GET"};
};

class ProtectedView : public View {
 public:
  ProtectedView(std::shared_ptr<const JwtAuthenticator> authenticator,
                ProtectedViewOptions options);

  [[nodiscard]] std::string_view allow() const final { return allow_; }
  // The user lookup: inline when the store's reads are local, else the database pool. Override
  // when respond() does more.
  [[nodiscard]] RequestCost cost(const HttpRequest& request) const override;
  [[nodiscard]] HttpResponse handle(const HttpRequest& request) const final;

 protected:
  // The answer to an authenticated request with one of the view's methods (HEAD as GET).
  [[nodiscard]] virtual HttpResponse respond(const HttpRequest& request,
                                             const User& user) const = 0;

  [[nodiscard]] const JwtAuthenticator& authenticator() const { return *authenticator_; }

 private:
  bool handles(std::string_view method) const;

  std::shared_ptr<const JwtAuthenticator> authenticator_;
  ProtectedViewOptions options_;
  std::string allow_;
  std::string metadata_;
};

}  // namespace restjwt
