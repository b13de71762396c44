package io.watchbox.internal.access;

import io.watchbox.GroupFilter;
import io.watchbox.InvalidSettingException;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.routing.GroupName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The groups each kind of client may use, from {@code watchbox.acl.<who>.subscribe} and
 * {@code .publish}: comma lists of filters with {@code +}, {@code #} and {@code {user}}.
 * {@code <who>} is {@code anonymous}, {@code authenticated}, or a role. A subscription is allowed
 * only when every group it can match is allowed (a subset check, see {@link GroupFilter}); a
 * publish when its group is.
 *
 * <p>A client without identity is {@code anonymous}; one with an identity is
 * {@code authenticated} and each of its roles.
 */
public final class Acl implements WatchboxAuthorizer {

    public static final String PREFIX = "watchbox.acl.";
    public static final String ANONYMOUS = "anonymous";
    public static final String AUTHENTICATED = "authenticated";
    private static final String USER = "{user}";
    private static final String RANGE = "a comma list of group filters ('+', '#' and {user} allowed)";

    private final Map<String, List<String>> subscribe;
    private final Map<String, List<String>> publish;

    Acl(Map<String, List<String>> subscribe, Map<String, List<String>> publish) {
        this.subscribe = subscribe;
        this.publish = publish;
    }

    /**
     * The ACL the configuration holds, or empty when it holds none (then every client may use every group).
     *
     * @param names  every configuration key
     * @param values a key's value
     * @throws InvalidSettingException naming the key whose value is not a list of filters
     */
    public static Optional<Acl> fromConfig(Iterable<String> names, Function<String, String> values) {
        Map<String, List<String>> subscribe = new HashMap<>();
        Map<String, List<String>> publish = new HashMap<>();
        for (String name : names) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            String who = dot > 0 ? rest.substring(0, dot) : "";
            String action = dot > 0 ? rest.substring(dot + 1) : rest;
            Map<String, List<String>> target = switch (action) {
                case "subscribe" -> subscribe;
                case "publish" -> publish;
                default -> throw new InvalidSettingException(name, values.apply(name),
                        "keys of the form watchbox.acl.<who>.subscribe or watchbox.acl.<who>.publish");
            };
            target.put(who, filters(name, values.apply(name)));
        }
        return subscribe.isEmpty() && publish.isEmpty() ? Optional.empty() : Optional.of(new Acl(subscribe, publish));
    }

    /** The roles the rules name (every {@code <who>} but anonymous and authenticated). */
    public Set<String> roles() {
        return Stream.concat(subscribe.keySet().stream(), publish.keySet().stream())
                .filter(who -> !who.equals(ANONYMOUS) && !who.equals(AUTHENTICATED))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean maySubscribe(String uid, WatchboxIdentity identity, String filter) {
        return GroupFilter.coveredBy(allowed(subscribe, identity), filter);
    }

    @Override
    public boolean mayPublish(String uid, WatchboxIdentity identity, String group) {
        return GroupFilter.coveredBy(allowed(publish, identity), group);
    }

    private static List<String> allowed(Map<String, List<String>> rules, WatchboxIdentity identity) {
        return identity == null ? allowed(rules, null, Set.of()) : allowed(rules, identity.user(), identity.roles());
    }

    /** The filters a client may use: those of every {@code <who>} it is, with {@code {user}} filled in. */
    static List<String> allowed(Map<String, List<String>> rules, String user, Set<String> roles) {
        List<String> whos = new ArrayList<>();
        if (user == null) {
            whos.add(ANONYMOUS);
        } else {
            whos.add(AUTHENTICATED);
            whos.addAll(roles);
        }
        boolean plainUser = user != null && user.indexOf('/') < 0 && user.indexOf('+') < 0 && user.indexOf('#') < 0
                && !user.isEmpty();
        return whos.stream().flatMap(who -> rules.getOrDefault(who, List.of()).stream())
                .flatMap(filter -> !filter.contains(USER) ? Stream.of(filter)
                        // A user name that holds '/', '+' or '#' would widen the filter: it matches nothing.
                        : plainUser ? Stream.of(filter.replace(USER, user)) : Stream.empty())
                .toList();
    }

    private static List<String> filters(String key, String value) {
        List<String> filters = Stream.of(value == null ? new String[0] : value.split(",")).map(String::strip)
                .filter(f -> !f.isEmpty()).toList();
        for (String filter : filters) {
            try {
                GroupName.checkFilter(filter.replace(USER, "user"));
            } catch (BadGroupException e) {
                throw new InvalidSettingException(key, value, RANGE + "; '" + filter + "': " + e.getMessage());
            }
        }
        return filters;
    }
}
