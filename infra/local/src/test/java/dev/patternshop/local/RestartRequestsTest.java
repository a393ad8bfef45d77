package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartRequestsTest {

    @TempDir
    Path folder;

    @Test
    void aRequestIsCarriedOutOnceAndItsAnswerReachesTheClient() throws Exception {
        RestartRequests client = new RestartRequests(folder);
        RestartRequests launcher = new RestartRequests(folder);
        List<String> restarted = new ArrayList<>();

        RestartRequests.Ticket ticket = client.submit("kafka");
        assertThat(ticket.takeAnswer()).as("not answered yet").isEmpty();
        launcher.answerPending(name -> {
            restarted.add(name);
            return "restarted " + name;
        });
        launcher.answerPending(name -> {
            restarted.add(name);
            return "again";
        });

        assertThat(restarted).containsExactly("kafka");
        assertThat(ticket.takeAnswer()).hasValue("restarted kafka");
        assertThat(ticket.withdraw()).as("taken by the launcher").isFalse();
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void aWithdrawnRequestIsNeverCarriedOut() throws Exception {
        RestartRequests.Ticket ticket = new RestartRequests(folder).submit("redis");

        assertThat(ticket.withdraw()).isTrue();
        List<String> restarted = new ArrayList<>();
        new RestartRequests(folder).answerPending(name -> {
            restarted.add(name);
            return "restarted";
        });

        assertThat(restarted).isEmpty();
        assertThat(ticket.takeAnswer()).isEmpty();
    }

    @Test
    void aFailedRestartIsAnsweredWithItsReason() throws Exception {
        RestartRequests.Ticket ticket = new RestartRequests(folder).submit("kafka-9");

        new RestartRequests(folder).answerPending(name -> {
            throw new IllegalStateException("there is no process called '" + name + "'");
        });

        assertThat(ticket.takeAnswer()).hasValue(RestartRequests.FAILED + "there is no process called 'kafka-9'");
    }

    @Test
    void pendingRequestsAreCarriedOutOldestFirstAndHalfWrittenFilesAreIgnored() throws Exception {
        RestartRequests client = new RestartRequests(folder);
        client.submit("orders-a-primary");
        long first = System.currentTimeMillis();
        await().until(() -> System.currentTimeMillis() > first); // requests are ordered by their millisecond
        client.submit("orders-a-replica");
        Files.writeString(folder.resolve("9999999999999-x.request.partial"), "gateway");
        List<String> restarted = new ArrayList<>();

        new RestartRequests(folder).answerPending(name -> {
            restarted.add(name);
            return "ok";
        });

        assertThat(restarted).containsExactly("orders-a-primary", "orders-a-replica");
    }

    @Test
    void noFolderMeansNothingWasAsked() {
        new RestartRequests(folder.resolve("none")).answerPending(name -> {
            throw new AssertionError("nothing to restart");
        });
    }
}
