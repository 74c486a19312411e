package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.server.auth.AuthService;
import dev.trainyard.server.auth.AuthStore.Share;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.function.BiFunction;

/**
 * Read-only shares of datasets and models: {@code GET|POST /api/v1/{datasets|models}/{id}/shares}
 * and {@code DELETE .../shares/{user}}. Only the owner (or an admin) lists or changes a resource's
 * shares; the grantee must exist. Thread-safe.
 */
final class ShareRoutes {
  private final Authenticator authn;
  private final AuthService auth;
  private final Access access;

  ShareRoutes(ApiConfig c) {
    this.authn = c.auth();
    this.auth = c.auth().service();
    this.access = c.access();
  }

  void register(RoutesConfig routes) {
    register(routes, "datasets", Access.DATASET, (caller, id) -> access.changeDataset(caller, id).owner());
    register(routes, "models", Access.MODEL, (caller, id) -> access.changeModel(caller, id).owner());
  }

  private void register(RoutesConfig routes, String plural, String type, BiFunction<Caller, String, String> owner) {
    String base = "/api/v1/" + plural + "/{id}/shares";
    routes.get(base, ctx -> list(ctx, type, owner));
    routes.post(base, ctx -> add(ctx, type, owner));
    routes.delete(base + "/{user}", ctx -> remove(ctx, type, owner));
  }

  private void list(Context ctx, String type, BiFunction<Caller, String, String> owner) {
    String id = ctx.pathParam("id");
    owner.apply(authn.resolve(ctx), id);
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    auth.store().shares(type, id).forEach(s -> arr.add(share(s)));
    JobRoutes.json(ctx, 200, arr);
  }

  private void add(Context ctx, String type, BiFunction<Caller, String, String> owner) throws IOException {
    Caller c = authn.resolve(ctx);
    String id = ctx.pathParam("id");
    String resourceOwner = owner.apply(c, id);
    String grantee = Caller.checkName(AuthRoutes.text(JobRoutes.readJson(ctx), "user", true));
    if (auth.store().user(grantee).isEmpty()) {
      throw new InvalidInputException("no user '" + grantee + "' to share with");
    }
    if (grantee.equals(resourceOwner)) {
      throw new InvalidInputException("'" + grantee + "' owns this " + type + " already");
    }
    Share s = new Share(type, id, grantee, c.owner(), auth.now());
    boolean added = auth.store().insertShare(s);
    if (added) {
      auth.audit(c.owner(), "share.add", type + " " + id, "read-only for " + grantee, ctx.ip());
    }
    JobRoutes.json(ctx, added ? 201 : 200, share(s));
  }

  private void remove(Context ctx, String type, BiFunction<Caller, String, String> owner) {
    Caller c = authn.resolve(ctx);
    String id = ctx.pathParam("id");
    owner.apply(c, id);
    String grantee = ctx.pathParam("user");
    if (!auth.store().deleteShare(type, id, grantee)) {
      throw new NotFoundException(type + " " + id + " is not shared with '" + grantee + "'");
    }
    auth.audit(c.owner(), "share.remove", type + " " + id, "no longer for " + grantee, ctx.ip());
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("status", "unshared");
    JobRoutes.json(ctx, 200, n);
  }

  private static ObjectNode share(Share s) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("user", s.grantee());
    n.put("granted_by", s.grantedBy());
    n.put("created_at", s.createdAt().toString());
    return n;
  }
}
