package io.watchbox.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top of the command line: its commands are sub, pub and token. */
@Command(name = "watchbox-cli", synopsisSubcommandLabel = "(sub | pub | token)",
        description = "Subscribes and publishes to a Watchbox server, in the manner of mosquitto_sub and "
            + "mosquitto_pub, and signs development tokens. 'watchbox-cli COMMAND --help' tells more.",
        footer = {"", "Examples:",
            "  watchbox-cli sub -v 'sensors/#'              GROUP MESSAGE lines until killed",
            "  watchbox-cli sub -C 1 -W 10 alerts           the next message; 27 after 10 s",
            "  watchbox-cli pub sensors/kitchen/temp 21.5",
            "  tail -f app.log | watchbox-cli pub -l logs   a message per line",
            "  TOKEN=$(watchbox-cli token --user alice --roles staff)"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {" 0:success", " 1:failure (talking to the server, reading a file)", " 2:bad arguments",
            " 3:pub: a message reached only the subscribers of the server's own replica (cluster mode, Redis out "
                + "of reach)",
            "27:sub -W: the time ran out (as mosquitto_sub)"})
final class WatchboxCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, scope = ScopeType.INHERIT, description = "show this help")
    boolean help;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command (sub, pub or token)");
    }
}
