package dev.hornbeam.service.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for receiving a whole request (issue 14 item 10: 200 connections sending 1 byte a second were
 * all held, since each byte resets Netty's idle timers): a connection must deliver a complete request —
 * request line, headers and body — within {@code hornbeam.http.request-timeout} (default 30 s) of opening,
 * or of the previous response having been written; otherwise it is closed. That bounds slowloris (slow
 * headers), slow bodies and idle keep-alive connections alike. While a request is being answered (at most
 * {@code hornbeam.max-deadline}) no deadline runs. Micronaut offers no such deadline (its read-idle and
 * idle timeouts restart on every byte), so this is a Netty handler placed right after the HTTP codec.
 */
@Singleton
public class RequestDeadline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  static final String NAME = "hornbeam-request-deadline";
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

  private final long timeoutNanos;
  private final AtomicLong closed = new AtomicLong();

  public RequestDeadline(@Value("${hornbeam.http.request-timeout:30s}") Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new io.micronaut.context.exceptions.ConfigurationException(
          "configuration hornbeam.http.request-timeout must be a positive duration such as 10s");
    }
    this.timeoutNanos = timeout.toNanos();
  }

  /** Connections closed so far because a request did not arrive in time. */
  public long closedConnections() {
    return closed.get();
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Customizer(null));
    return event.getBean();
  }

  private final class Customizer implements NettyServerCustomizer {
    private final Channel channel;

    Customizer(Channel channel) {
      this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
          && channel.pipeline().get(NAME) == null) {
        channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, new Handler());
      }
    }
  }

  /** One connection's deadline; all its methods run on the connection's event loop. */
  private final class Handler extends ChannelDuplexHandler {
    private io.netty.util.concurrent.ScheduledFuture<?> timer;
    /** A request's head has arrived, its end has not. */
    private boolean reading;
    /** Requests read whole and not yet answered whole. */
    private int answering;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      arm(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof HttpRequest) {
        reading = true;
        arm(ctx);
      }
      if (msg instanceof LastHttpContent) {
        reading = false;
        answering++;
        disarm();
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      if (msg instanceof LastHttpContent) {
        answering = Math.max(0, answering - 1);
        if (answering == 0) {
          arm(ctx); // the next request, on a kept-alive connection, gets the same time
        }
      }
      super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      disarm();
      super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      disarm();
    }

    private void arm(ChannelHandlerContext ctx) {
      if (timer == null && (reading || answering == 0)) {
        timer = ctx.executor().schedule(() -> {
          timer = null;
          if (reading || answering == 0) {
            closed.incrementAndGet();
            LOG.debug("closing {}: no complete request within the request timeout", ctx.channel().remoteAddress());
            ctx.close();
          }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
      }
    }

    private void disarm() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }
}
