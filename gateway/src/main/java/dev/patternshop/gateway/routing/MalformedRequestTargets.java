package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import dev.patternshop.servicedefaults.ProblemJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
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
 * A request whose target is not a URI at all ({@code /products/%}, {@code /a?q=%zz}) never reaches a WebFilter: Spring
 * cannot build its {@code ServerHttpRequest} and answers an empty 400. This answers it as problem+json instead,
 * from a handler right after Netty's HTTP decoder, and closes the connection (whatever the client sends after it
 * on this connection is not read as requests).
 */
@Component
class MalformedRequestTargets implements NettyServerCustomizer {

    private static final String DETAIL = "The request target is not a valid URI: a % must start an escape of two"
            + " hexadecimal digits, and spaces and other reserved characters must be escaped.";

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

    private static final class Guard extends ChannelInboundHandlerAdapter {

        private boolean refusing;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof HttpRequest request) {
                refusing = !isValid(request.uri());
                if (refusing) {
                    ReferenceCountUtil.release(message);
                    ctx.writeAndFlush(problem()).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            if (refusing) {
                ReferenceCountUtil.release(message); // the refused request's body
                return;
            }
            ctx.fireChannelRead(message);
        }

        private static FullHttpResponse problem() {
            ByteBuf body = Unpooled.copiedBuffer(
                    ProblemJson.toJson(ProblemResponses.problem(HttpStatus.BAD_REQUEST, DETAIL)),
                    StandardCharsets.UTF_8);
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        }
    }
}
