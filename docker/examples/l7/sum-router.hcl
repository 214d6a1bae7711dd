Kind = "service-router"
Name = "sum"
Routes = [
  {
    Match {
      HTTP {
        Header = [ { Name = "x-canary", Exact = "1" } ]
      }
    }
    Destination { ServiceSubset = "v2" }
  },
]
