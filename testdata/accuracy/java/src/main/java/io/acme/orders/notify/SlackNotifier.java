package io.acme.orders.notify;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class SlackNotifier {
    private static final Logger log = LoggerFactory.getLogger(SlackNotifier.class);
    private static final String CHANNEL = "#orders-ops";
    private final MethodsClient methods =
            Slack.getInstance().methods("xoxp-81108419156-497983989329-1535152564199-c63e26a57a527f54b086bc9d65681d19");

    public void orderStuck(String orderNumber, long minutes) {
        try {
            methods.chatPostMessage(r -> r.channel(CHANNEL)
                    .text("Order " + orderNumber + " stuck for " + minutes + " min"));
        } catch (IOException | SlackApiException e) {
            log.warn("slack notification failed", e);
        }
    }
}
