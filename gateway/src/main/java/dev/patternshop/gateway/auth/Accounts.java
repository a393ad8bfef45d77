package dev.patternshop.gateway.auth;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The configured demo accounts and their password check. An unknown user costs the same bcrypt work as a
 * wrong password, so response times do not tell which user names exist.
 */
public class Accounts {

    private final Map<String, AuthSettings.Account> byUsername;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final String decoyHash = bcrypt.encode("decoy-password-for-unknown-users");

    public Accounts(AuthSettings settings) {
        this.byUsername = settings.accounts().stream()
                .collect(Collectors.toUnmodifiableMap(AuthSettings.Account::username, Function.identity()));
    }

    public boolean exists(String username) {
        return byUsername.containsKey(username);
    }

    /** Blocking (bcrypt is deliberately slow): call it off the event loop. */
    public Optional<AuthSettings.Account> authenticate(String username, String password) {
        AuthSettings.Account account = byUsername.get(username);
        boolean matches = bcrypt.matches(password, account == null ? decoyHash : account.passwordHash());
        return account != null && matches ? Optional.of(account) : Optional.empty();
    }
}
