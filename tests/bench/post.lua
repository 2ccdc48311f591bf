-- POST with a JSON body for wrk (the body is the stopHoldMusic seed's).
wrk.method = "POST"
wrk.body = '{"clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench"
