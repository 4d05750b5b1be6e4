from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView, TokenVerifyView


class UserView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"id": request.user.id, "username": request.user.username})


urlpatterns = [
    path("api-token-auth/", TokenObtainPairView.as_view()),
    path("api-token-verify/", TokenVerifyView.as_view()),
    path("api-token-refresh/", TokenRefreshView.as_view()),
    path("api/user/", UserView.as_view()),
]
