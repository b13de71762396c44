package io.watchbox.example;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The example's login: a user and password in, a signed JWT out, which Watchbox then accepts as the
 * {@code token} of a {@code hello}, as a bearer header on the WebSocket handshake, and on REST
 * (where its roles decide). An application with a real login does the same after its own check.
 */
@Path("/login")
public class LoginResource {

    @Inject
    DemoUsers users;

    @Inject
    LoginKeys keys;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(@FormParam("user") String user, @FormParam("password") String password) {
        Optional<DemoUsers.User> known = users.check(user, password);
        if (known.isEmpty()) {
            return error(Response.Status.UNAUTHORIZED, "unauthorized", "unknown user or wrong password");
        }
        Optional<TokenIssuer> issuer = keys.issuer();
        if (issuer.isEmpty()) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "no-signing-key", keys.problem());
        }
        TokenIssuer.Issued issued = issuer.get().issue(known.get());
        return Response.ok(Json.createObjectBuilder().add("token", issued.token()).add("user", issued.user())
                .add("roles", Json.createArrayBuilder(issued.roles())).add("expires", issued.expires().toString())
                .build().toString()).build();
    }

    private static Response error(Response.Status status, String code, String reason) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("code", code).add("reason", reason).build().toString()).build();
    }
}
