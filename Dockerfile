# Baton: one static binary, one config file, one database file.
#   docker build -t baton .
#   docker run -p 2525:2525 -v baton-data:/data baton
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /baton ./cmd/baton
# The example config, with data in /data and SMTP on every interface of
# the container.
RUN sed -e 's|^data_dir = .*|data_dir = "/data"|' -e 's|^listen = .*|listen = "0.0.0.0:2525"|' \
      baton.example.toml > /baton.toml && mkdir /data

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /baton /baton
# Mount your own config over this one.
COPY --from=build /baton.toml /etc/baton/baton.toml
COPY --from=build --chown=65532:65532 /data /data
USER 65532:65532
VOLUME /data
EXPOSE 2525
ENTRYPOINT ["/baton", "serve", "-config", "/etc/baton/baton.toml"]
