# A typical djangorestframework-jwt client, as drf-jwt's documentation shows it: obtain a token
# with `requests`, verify it, then call a protected route with `Authorization: JWT <token>`.
# restjwt must serve it unchanged. tests/compat/drf_jwt_clients_test.py runs this file with only
# the base URL, the protected path and the password substituted, and checks that the code below
# is still the documented client (its lines, indentation aside, match a recorded digest).

import requests

# Test token obtainment
response = requests.post('http://localhost:8000/api-token-auth/', {
    'username': 'testuser',
    'password': 'testpass123'
})

if response.status_code == 200:
    token = response.json()['token']
    print(f"Token obtained: {token}")

    # Test token verification
    verify_response = requests.post('http://localhost:8000/api-token-verify/', {
        'token': token
    })

    if verify_response.status_code == 200:
        print("Token is valid")
    else:
        print("Token verification failed")

    # Test authenticated request
    headers = {'Authorization': f'JWT {token}'}
    api_response = requests.get(
        'http://localhost:8000/api/protected-endpoint/',
        headers=headers
    )
    print(f"API Response: {api_response.status_code}")
else:
    print(f"Authentication failed: {response.json()}")
