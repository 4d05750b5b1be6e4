// A typical djangorestframework-jwt client in the browser, as drf-jwt's documentation shows it:
// authenticateUser() posts the credentials as JSON and keeps the token in localStorage;
// makeAuthenticatedRequest() sends it as `Authorization: JWT <token>`. restjwt must serve it
// unchanged. tests/compat/drf_jwt_clients_test.py runs these functions under node with fetch,
// localStorage and getCsrfToken supplied by the page (here: the test), and checks that the code
// below is still the documented client (its lines, indentation aside, match a recorded digest).

// JavaScript client-side usage
async function authenticateUser(credentials) {
  try {
    const response = await fetch('/api-token-auth/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRFToken': getCsrfToken(),
      },
      body: JSON.stringify(credentials)
    });
    if (response.ok) {
      const data = await response.json();
      localStorage.setItem('jwt_token', data.token);
      return data.token;
    } else {
      const errors = await response.json();
      throw new Error(`Authentication failed: ${JSON.stringify(errors)}`);
    }
  } catch (error) {
    console.error('Authentication error:', error);
    throw error;
  }
}

async function makeAuthenticatedRequest(url, options = {}) {
  const token = localStorage.getItem('jwt_token');
  if (!token) {
    throw new Error('No authentication token available');
  }
  const headers = {
    'Authorization': `JWT ${token}`,
    'Content-Type': 'application/json',
    ...options.headers,
  };
  return fetch(url, {
    ...options,
    headers,
  });
}
