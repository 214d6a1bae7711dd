Kind     = "service-defaults"
Name     = "sum"
Protocol = "grpc"
