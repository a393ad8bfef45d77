package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import dev.patternshop.servicedefaults.ProblemJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Requests no WebFilter ever sees, answered as problem+json like every other bad input (they got an empty 400, 414
 * or 431): a request Netty's HTTP decoder refused (a control character in a header, two Content-Lengths, both
 * Content-Length and Transfer-Encoding, a request line or headers over the limits, bytes that are not HTTP), and a
 * target that is not a URI at all ({@code /products/%}, {@code /a?q=%zz}), of which Spring cannot build a request.
 * A handler right after the decoder answers them and closes the connection (whatever the client sends after it on
 * this connection is not read as requests).
 */
@Component
class MalformedRequestTargets implements NettyServerCustomizer {

    private static final String NOT_A_URI = "The request target is not a valid URI: a % must start an escape of two"
            + " hexadecimal digits, and spaces and other reserved characters must be escaped.";
    private static final String NOT_HTTP = "The request is not valid HTTP: a control character in a header, two"
            + " Content-Length headers, both Content-Length and Transfer-Encoding, or a malformed request line.";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "patternshop.malformedTarget", new Guard());
            }
        });
    }

    /** Whether Spring can make a URI of the request target, as it will for every request that gets past here. */
    static boolean isValid(String requestTarget) {
        try {
            new URI(requestTarget);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Answers a malformed request in its turn. A client may pipeline: send requests before the answers to earlier
     * ones. Those answers come from further up the pipeline, so the refusal waits until the last of them is written,
     * then goes out and closes the connection. Whatever follows a refused request is dropped.
     */
    private static final class Guard extends ChannelDuplexHandler {

        /** Requests passed on whose answers have not been written whole yet. */
        private int answersOwed;

        private boolean refusing;
        private FullHttpResponse refusalWaiting;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (refusing) {
                ReferenceCountUtil.release(message); // the refused request's body, or anything after it
                return;
            }
            if (message instanceof HttpRequest request) {
                FullHttpResponse refusal = refusal(request);
                if (refusal != null) {
                    refusing = true;
                    ReferenceCountUtil.release(message);
                    if (answersOwed == 0) {
                        refuse(ctx, refusal);
                    } else {
                        refusalWaiting = refusal;
                    }
                    return;
                }
                answersOwed++;
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            boolean endsAnAnswer = message instanceof LastHttpContent && !informational(message);
            ctx.write(message, promise);
            if (endsAnAnswer && answersOwed > 0 && --answersOwed == 0 && refusalWaiting != null) {
                FullHttpResponse refusal = refusalWaiting;
                refusalWaiting = null;
                refuse(ctx, refusal);
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            // The connection ended before the earlier answers did: the refusal is never sent.
            ReferenceCountUtil.release(refusalWaiting);
            refusalWaiting = null;
        }

        private static void refuse(ChannelHandlerContext ctx, FullHttpResponse refusal) {
            ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
        }

        /** A 1xx (100 Continue) is written before the answer it announces, which is still owed. */
        private static boolean informational(Object message) {
            return message instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }

        /** The answer to a request that goes no further, or null for one that does. */
        private static FullHttpResponse refusal(HttpRequest request) {
            DecoderResult decoded = request.decoderResult();
            if (decoded.isFailure()) {
                // The statuses Reactor Netty itself answers these with, now with a body that says why.
                return switch (decoded.cause()) {
                    case TooLongHttpLineException tooLong ->
                        problem(HttpStatus.URI_TOO_LONG, "The request line is longer than the edge accepts.");
                    case TooLongHttpHeaderException tooLong ->
                        problem(
                                HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                                "The request's headers are larger than the edge accepts.");
                    default -> problem(HttpStatus.BAD_REQUEST, NOT_HTTP);
                };
            }
            return isValid(request.uri()) ? null : problem(HttpStatus.BAD_REQUEST, NOT_A_URI);
        }

        private static FullHttpResponse problem(HttpStatus status, String detail) {
            ByteBuf body = Unpooled.copiedBuffer(
                    ProblemJson.toJson(ProblemResponses.problem(status, detail)), StandardCharsets.UTF_8);
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status.value()), body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        }
    }
}
